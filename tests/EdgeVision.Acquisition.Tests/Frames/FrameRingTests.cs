using EdgeVision.Acquisition.Frames;
using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Tests.Frames;

public class FrameRingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_full_ring_drops_the_oldest_frames_back_to_the_pool()
    {
        using var pool = new FramePool(6, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(3);

        for (var seq = 0; seq < 5; seq++)
        {
            ring.Write(Rent(pool, seq));
        }

        var availableAfterWrites = pool.Available;
        var read = new List<long>();
        while (ring.TryRead(TimeSpan.Zero, out var frame))
        {
            read.Add(frame!.Sequence);
            frame.Release();
        }

        Assert.Equal([2L, 3L, 4L], read);
        Assert.Equal(2, ring.Dropped);
        Assert.Equal(5, ring.Written);
        Assert.Equal(6 - 3, availableAfterWrites);
        Assert.Equal(6, pool.Available);
        Assert.Equal(pool.Leases, pool.Returns);
    }

    [Fact]
    public void Frames_are_read_in_the_order_written_across_the_wrap()
    {
        using var pool = new FramePool(4, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(3);
        var read = new List<long>();

        // Two in, two out, five times: the slots wrap around the ring's end several times without overflowing.
        for (var seq = 0; seq < 10; seq += 2)
        {
            ring.Write(Rent(pool, seq));
            ring.Write(Rent(pool, seq + 1));
            for (var i = 0; i < 2; i++)
            {
                Assert.True(ring.TryRead(TimeSpan.Zero, out var frame));
                read.Add(frame!.Sequence);
                frame.Release();
            }
        }

        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L], read);
        Assert.Equal(0, ring.Dropped);
        Assert.Equal(10, ring.Written);
        Assert.Equal(0, ring.Count);
        Assert.Equal(4, pool.Available);
    }

    [Fact]
    public void Reading_an_empty_ring_times_out_with_no_frame()
    {
        var ring = new FrameRing(2);

        var now = ring.TryRead(TimeSpan.Zero, out var immediate);
        var later = ring.TryRead(TimeSpan.FromMilliseconds(20), out var waited);

        Assert.False(now);
        Assert.Null(immediate);
        Assert.False(later);
        Assert.Null(waited);
    }

    [Fact]
    public void A_waiting_reader_is_woken_by_a_write()
    {
        using var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(2);
        Frame? received = null;
        var got = false;
        var reader = new Thread(() => got = ring.TryRead(Patience, out received)) { IsBackground = true };
        reader.Start();
        Assert.True(SpinWait.SpinUntil(() => (reader.ThreadState & ThreadState.WaitSleepJoin) != 0, Patience), "the reader never started waiting");

        ring.Write(Rent(pool, 42));

        Assert.True(reader.Join(Patience), "the waiting reader was not woken");
        Assert.True(got);
        Assert.Equal(42, received!.Sequence);
        received.Release();
    }

    [Fact]
    public void After_complete_readers_drain_what_is_left_and_then_get_false()
    {
        using var pool = new FramePool(2, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(4);
        ring.Write(Rent(pool, 1));
        ring.Write(Rent(pool, 2));

        ring.Complete();
        var first = ring.TryRead(Patience, out var a);
        var second = ring.TryRead(Patience, out var b);
        var third = ring.TryRead(Patience, out var c);

        Assert.True(first);
        Assert.True(second);
        Assert.False(third);
        Assert.Equal(1, a!.Sequence);
        Assert.Equal(2, b!.Sequence);
        Assert.Null(c);
        a.Release();
        b.Release();
    }

    [Fact]
    public void Complete_wakes_a_waiting_reader_with_false()
    {
        var ring = new FrameRing(2);
        var got = true;
        var reader = new Thread(() => got = ring.TryRead(Patience, out _)) { IsBackground = true };
        reader.Start();
        Assert.True(SpinWait.SpinUntil(() => (reader.ThreadState & ThreadState.WaitSleepJoin) != 0, Patience), "the reader never started waiting");

        ring.Complete();

        Assert.True(reader.Join(Patience), "Complete did not wake the reader");
        Assert.False(got);
    }

    [Fact]
    public void A_reader_on_another_thread_sees_every_frame_not_dropped_in_order()
    {
        const int Count = 5000;
        using var pool = new FramePool(4, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(2);
        var read = new List<long>();
        var reader = new Thread(() =>
        {
            while (ring.TryRead(Patience, out var frame))
            {
                read.Add(frame!.Sequence);
                frame.Release();
            }
        })
        { IsBackground = true };
        reader.Start();

        for (var seq = 0; seq < Count; seq++)
        {
            ring.Write(pool.TryRent(Patience) is { } frame ? WithSequence(frame, seq) : throw new InvalidOperationException("no frame came back"));
        }

        ring.Complete();

        Assert.True(reader.Join(Patience), "the reader did not drain the ring");
        Assert.Equal(Count, ring.Written);
        Assert.Equal(Count, read.Count + ring.Dropped);
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First < p.Second), "frames were read out of order");
        Assert.Equal(Count - 1, read[^1]);
        Assert.Equal(4, pool.Available);
    }

    [Fact]
    public void A_write_after_complete_releases_the_frame_at_once()
    {
        using var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(2);
        ring.Complete();

        ring.Write(Rent(pool, 7));

        Assert.Equal(1, pool.Available);
        Assert.Equal(0, ring.Count);
        Assert.Equal(0, ring.Written);
        Assert.Equal(0, ring.Dropped);
    }

    [Fact]
    public void Clear_releases_every_frame_still_held()
    {
        using var pool = new FramePool(3, 8, 8, PixelFormat.Mono8);
        var ring = new FrameRing(3);
        for (var seq = 0; seq < 3; seq++)
        {
            ring.Write(Rent(pool, seq));
        }

        ring.Clear();

        Assert.Equal(0, ring.Count);
        Assert.Equal(3, pool.Available);
    }

    private static Frame WithSequence(Frame frame, long sequence)
    {
        frame.Sequence = sequence;
        return frame;
    }

    private static Frame Rent(FramePool pool, long sequence)
    {
        var frame = pool.TryRent(TimeSpan.Zero) ?? throw new InvalidOperationException("pool exhausted");
        frame.Sequence = sequence;
        return frame;
    }
}
