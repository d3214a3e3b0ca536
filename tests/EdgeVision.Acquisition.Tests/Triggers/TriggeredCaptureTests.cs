using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Acquisition.Triggers;

namespace EdgeVision.Acquisition.Tests.Triggers;

public class TriggeredCaptureTests
{
    private static readonly SyntheticConveyorOptions Options = new() { Width = 640, Height = 480, FramesPerSecond = 0, PlateLength = 300, PlateWidth = 190, HoleSpacing = 190, HoleDiameter = 44 };

    [Fact]
    public void A_triggered_frame_is_captured_no_earlier_than_the_delay_after_the_edge_and_carries_the_trigger_id_and_edge_time()
    {
        using var camera = new SyntheticConveyorCamera("cam", Options);
        using var pool = new FramePool(1, Options.Width, Options.Height, Options.Format);
        using var queue = new TriggerQueue();
        var capture = new TriggeredCapture(queue, TimeSpan.FromMilliseconds(25));
        camera.Open();
        var edge = TimeProvider.System.GetTimestamp();

        Assert.True(queue.Fire(41, edge));
        Assert.True(capture.TryTake(TimeSpan.FromSeconds(5), CancellationToken.None, out var request));
        var frame = pool.TryRent(TimeSpan.Zero)!;
        Assert.True(capture.Capture(camera, frame, request, CancellationToken.None));

        Assert.Equal((41L, edge), (frame.TriggerId, frame.TriggerTimestamp));
        var afterEdge = TimeProvider.System.GetElapsedTime(edge, frame.Timestamp);
        Assert.True(afterEdge >= TimeSpan.FromMilliseconds(25), $"captured {afterEdge.TotalMilliseconds:F3} ms after the edge, before the 25 ms delay");
        Assert.Equal(0, capture.Missed);
        frame.Release();
    }

    [Fact]
    public void A_trigger_whose_source_gives_no_frame_is_counted_as_missed_and_the_frame_is_not_stamped()
    {
        using var camera = new SyntheticConveyorCamera("cam", Options);
        using var pool = new FramePool(1, Options.Width, Options.Height, Options.Format);
        using var queue = new TriggerQueue();
        using var stopped = new CancellationTokenSource();
        var capture = new TriggeredCapture(queue, TimeSpan.Zero);
        camera.Open();
        queue.Fire(5, TimeProvider.System.GetTimestamp());
        Assert.True(capture.TryTake(TimeSpan.FromSeconds(5), CancellationToken.None, out var request));
        var frame = pool.TryRent(TimeSpan.Zero)!;

        stopped.Cancel(); // the synthetic camera delivers nothing once its acquisition is cancelled
        Assert.False(capture.Capture(camera, frame, request, stopped.Token));

        Assert.Equal(1, capture.Missed);
        Assert.Equal((0L, 0L), (frame.TriggerId, frame.TriggerTimestamp));
        frame.Release();
    }

    [Fact]
    public void Without_a_trigger_nothing_is_taken_and_nothing_is_missed()
    {
        using var queue = new TriggerQueue();
        var capture = new TriggeredCapture(queue, TimeSpan.FromMilliseconds(5));

        Assert.False(capture.TryTake(TimeSpan.FromMilliseconds(10), CancellationToken.None, out _));
        Assert.Equal(0, capture.Missed);
    }
}
