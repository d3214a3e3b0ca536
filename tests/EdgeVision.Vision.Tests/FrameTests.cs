using OpenCvSharp;

namespace EdgeVision.Vision.Tests;

public class FrameTests
{
    [Fact]
    public void The_last_release_hands_the_frame_back_to_its_owner_exactly_once()
    {
        var owner = new RecordingOwner();
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, owner);
        frame.Lease();
        frame.Retain();
        frame.Retain();

        frame.Release();
        frame.Release();
        var takenBackBeforeLast = owner.TakenBack.Count;
        frame.Release();

        Assert.Equal(0, takenBackBeforeLast);
        Assert.Equal([frame], owner.TakenBack);
        Assert.Equal(0, frame.References);
    }

    [Fact]
    public void References_count_every_holder()
    {
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, new RecordingOwner());

        frame.Lease();
        var afterLease = frame.References;
        frame.Retain();
        var afterRetain = frame.References;
        frame.Release();

        Assert.Equal(1, afterLease);
        Assert.Equal(2, afterRetain);
        Assert.Equal(1, frame.References);
    }

    [Fact]
    public void Releasing_more_often_than_leased_and_retained_throws_and_does_not_return_it_twice()
    {
        var owner = new RecordingOwner();
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, owner);
        frame.Lease();
        frame.Release();

        var error = Assert.Throws<InvalidOperationException>(frame.Release);

        Assert.Contains("released more often", error.Message, StringComparison.Ordinal);
        Assert.Single(owner.TakenBack);
    }

    [Fact]
    public void Leasing_a_frame_that_is_already_leased_throws()
    {
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, new RecordingOwner());
        frame.Lease();

        Assert.Throws<InvalidOperationException>(frame.Lease);
        Assert.Equal(1, frame.References);
    }

    [Fact]
    public void Retaining_a_frame_that_is_back_in_its_pool_throws()
    {
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, new RecordingOwner());

        Assert.Throws<InvalidOperationException>(frame.Retain);
    }

    [Fact]
    public void A_frame_can_be_leased_again_after_it_came_back()
    {
        var owner = new RecordingOwner();
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, owner);
        frame.Lease();
        frame.Release();

        frame.Lease();
        frame.Release();

        Assert.Equal([frame, frame], owner.TakenBack);
    }

    [Fact]
    public void The_last_release_clears_the_truth_before_the_owner_sees_the_frame()
    {
        var owner = new RecordingOwner();
        using var image = new Mat(4, 4, MatType.CV_8UC1);
        var frame = new Frame(image, PixelFormat.Mono8, owner) { Truth = "part 7" };
        frame.Lease();

        frame.Release();

        Assert.Equal([null], owner.TruthSeen);
    }

    private sealed class RecordingOwner : IFrameOwner
    {
        public List<Frame> TakenBack { get; } = [];

        public List<object?> TruthSeen { get; } = [];

        public void TakeBack(Frame frame)
        {
            TakenBack.Add(frame);
            TruthSeen.Add(frame.Truth);
        }
    }
}
