using EdgeVision.Acquisition.Frames;
using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Acquisition.Tests.Frames;

public class FramePoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_lease_returns_to_the_pool()
    {
        using var pool = new FramePool(4, 16, 8, PixelFormat.Mono8);

        for (var round = 0; round < 3; round++)
        {
            var frames = new List<Frame>();
            for (var i = 0; i < pool.Capacity; i++)
            {
                frames.Add(pool.TryRent(TimeSpan.Zero) ?? throw new InvalidOperationException($"rent {i} of round {round} failed"));
            }

            Assert.Equal(0, pool.Available);
            Assert.Equal(pool.Capacity, pool.Outstanding);
            Assert.Equal(pool.Capacity, frames.Distinct().Count());
            foreach (var frame in frames)
            {
                frame.Release();
            }
        }

        Assert.Equal(pool.Capacity, pool.Available);
        Assert.Equal(0, pool.Outstanding);
        Assert.Equal(12, pool.Leases);
        Assert.Equal(pool.Leases, pool.Returns);
    }

    [Fact]
    public void Frames_have_the_pool_size_and_format_and_one_reference_when_leased()
    {
        using var pool = new FramePool(1, 20, 10, PixelFormat.BayerGbrg8);

        var frame = pool.TryRent(TimeSpan.Zero)!;

        Assert.Equal(20, frame.Image.Cols);
        Assert.Equal(10, frame.Image.Rows);
        Assert.Equal(MatType.CV_8UC1, frame.Image.Type());
        Assert.Equal(PixelFormat.BayerGbrg8, frame.Format);
        Assert.Equal(1, frame.References);
        frame.Release();
    }

    [Fact]
    public void An_exhausted_pool_returns_null_at_once_for_a_zero_timeout()
    {
        using var pool = new FramePool(2, 8, 8, PixelFormat.Mono8);
        var a = pool.TryRent(TimeSpan.Zero)!;
        var b = pool.TryRent(TimeSpan.Zero)!;

        var none = pool.TryRent(TimeSpan.Zero);

        Assert.Null(none);
        Assert.Equal(2, pool.Leases);
        a.Release();
        b.Release();
    }

    [Fact]
    public void An_exhausted_pool_returns_null_when_nothing_comes_back_in_time()
    {
        using var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        var only = pool.TryRent(TimeSpan.Zero)!;

        var none = pool.TryRent(TimeSpan.FromMilliseconds(20));

        Assert.Null(none);
        only.Release();
    }

    [Fact]
    public void A_waiting_rent_is_woken_by_a_release_on_another_thread()
    {
        using var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        var only = pool.TryRent(TimeSpan.Zero)!;
        Frame? rented = null;
        var waiter = new Thread(() => rented = pool.TryRent(Patience)) { IsBackground = true };
        waiter.Start();
        Assert.True(SpinWait.SpinUntil(() => (waiter.ThreadState & ThreadState.WaitSleepJoin) != 0, Patience), "the renter never started waiting");

        var releaser = new Thread(only.Release) { IsBackground = true };
        releaser.Start();

        Assert.True(releaser.Join(Patience), "the release did not finish");
        Assert.True(waiter.Join(Patience), "the waiting rent was not woken");
        Assert.Same(only, rented);
        Assert.Equal(1, rented!.References);
        rented.Release();
    }

    [Fact]
    public void Disposing_the_pool_wakes_a_waiting_rent_with_null()
    {
        var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        _ = pool.TryRent(TimeSpan.Zero)!;
        var finished = false;
        Frame? rented = null;
        var waiter = new Thread(() =>
        {
            rented = pool.TryRent(Patience);
            finished = true;
        })
        { IsBackground = true };
        waiter.Start();
        Assert.True(SpinWait.SpinUntil(() => (waiter.ThreadState & ThreadState.WaitSleepJoin) != 0, Patience), "the renter never started waiting");

        pool.Dispose();

        Assert.True(waiter.Join(Patience), "the waiting rent was not woken by Dispose");
        Assert.True(finished);
        Assert.Null(rented);
        Assert.Throws<ObjectDisposedException>(() => pool.TryRent(TimeSpan.Zero));
    }

    [Fact]
    public void Leases_from_many_threads_all_come_back()
    {
        using var pool = new FramePool(3, 8, 8, PixelFormat.Mono8);
        var failures = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var frame = pool.TryRent(Patience);
                if (frame is null || frame.References != 1)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                frame.Retain();
                frame.Release();
                frame.Release();
            }
        })
        { IsBackground = true }).ToList();

        workers.ForEach(w => w.Start());

        Assert.All(workers, w => Assert.True(w.Join(Patience), "a worker did not finish"));
        Assert.Equal(0, failures);
        Assert.Equal(8000, pool.Leases);
        Assert.Equal(8000, pool.Returns);
        Assert.Equal(pool.Capacity, pool.Available);
    }

    [Fact]
    public void A_retained_frame_stays_out_of_the_pool_until_its_last_release()
    {
        using var pool = new FramePool(2, 8, 8, PixelFormat.Mono8);
        var frame = pool.TryRent(TimeSpan.Zero)!;
        frame.Retain();
        frame.Retain();

        frame.Release();
        frame.Release();
        var availableWhileHeld = pool.Available;
        frame.Release();

        Assert.Equal(1, availableWhileHeld);
        Assert.Equal(2, pool.Available);
        Assert.Equal(1, pool.Returns);
    }

    [Fact]
    public void A_frame_from_another_pool_is_refused()
    {
        using var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        using var image = new Mat(8, 8, MatType.CV_8UC1);
        var stranger = new Frame(image, PixelFormat.Mono8, pool);
        stranger.Lease();

        Assert.Throws<InvalidOperationException>(stranger.Release);
        Assert.Equal(1, pool.Available);
        Assert.Equal(0, pool.Returns);
    }

    [Fact]
    public void A_returned_frame_is_leased_again_with_its_pixels_reused()
    {
        using var pool = new FramePool(1, 8, 8, PixelFormat.Mono8);
        var first = pool.TryRent(TimeSpan.Zero)!;
        var pixels = first.Image.Data;
        first.Release();

        var second = pool.TryRent(TimeSpan.Zero)!;

        Assert.Same(first, second);
        Assert.Equal(pixels, second.Image.Data);
        second.Release();
    }
}
