using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Tests.Synthetic;

public class SyntheticConveyorCameraTests
{
    private static readonly SyntheticConveyorOptions Options = new() { Width = 640, Height = 480, FramesPerSecond = 0, Seed = 7, DefectRate = 0.5, PlateLength = 300, PlateWidth = 190, HoleSpacing = 190, HoleDiameter = 44 };

    [Fact]
    public void The_same_seed_gives_identical_raw_frames()
    {
        var first = CaptureRaw(Options, 6);
        var second = CaptureRaw(Options, 6);

        for (var i = 0; i < first.Count; i++)
        {
            Assert.True(first[i].AsSpan().SequenceEqual(second[i]), $"frame {i} differs between two cameras with the same seed");
        }
    }

    [Fact]
    public void Different_seeds_give_different_frames()
    {
        var a = CaptureRaw(Options, 1)[0];
        var b = CaptureRaw(Options with { Seed = 8 }, 1)[0];

        var differing = a.Zip(b).Count(p => p.First != p.Second);

        Assert.True(differing > a.Length / 2, $"only {differing} of {a.Length} bytes differ");
    }

    [Fact]
    public void Each_frame_carries_the_truth_the_scene_gives_for_its_index()
    {
        using var camera = new SyntheticConveyorCamera("cam", Options);
        using var pool = new FramePool(2, Options.Width, Options.Height, Options.Format);
        camera.Open();

        for (var i = 0; i < 12; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero)!;
            Assert.True(camera.Capture(frame, CancellationToken.None));

            var truth = Assert.IsType<SyntheticPartTruth>(frame.Truth);
            TruthAssert.Equal(camera.Scene.TruthFor(i), truth);
            Assert.Equal(i, frame.Sequence);
            Assert.Equal(Options.Format, frame.Format);
            frame.Release();
        }
    }

    [Fact]
    public void Holes_are_dark_in_the_raw_image_where_the_truth_puts_them_and_absent_ones_are_not()
    {
        using var camera = new SyntheticConveyorCamera("cam", Options with { DefectRate = 1 });
        using var pool = new FramePool(1, Options.Width, Options.Height, Options.Format);
        camera.Open();
        var checkedMissing = 0;

        for (var i = 0; i < 40; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero)!;
            camera.Capture(frame, CancellationToken.None);
            var truth = (SyntheticPartTruth)frame.Truth!;

            foreach (var hole in new[] { truth.Hole1, truth.Hole2 })
            {
                var level = MeanAround(frame, hole.X, hole.Y);
                Assert.True(hole.Present ? level < 60 : level > 100, $"frame {i}: mean raw level {level:F0} at a hole that is {(hole.Present ? "present" : "absent")}");
                checkedMissing += hole.Present ? 0 : 1;
            }

            frame.Release();
        }

        Assert.True(checkedMissing > 0, "no missing hole among the frames checked");
    }

    [Fact]
    public void Capturing_before_open_throws()
    {
        using var camera = new SyntheticConveyorCamera("cam", Options);
        using var pool = new FramePool(1, Options.Width, Options.Height, Options.Format);
        var frame = pool.TryRent(TimeSpan.Zero)!;

        Assert.Throws<InvalidOperationException>(() => camera.Capture(frame, CancellationToken.None));
        frame.Release();
    }

    [Fact]
    public void A_cancelled_capture_returns_false_and_does_not_use_up_a_frame_index()
    {
        using var camera = new SyntheticConveyorCamera("cam", Options);
        using var pool = new FramePool(1, Options.Width, Options.Height, Options.Format);
        camera.Open();
        var frame = pool.TryRent(TimeSpan.Zero)!;

        var cancelled = camera.Capture(frame, new CancellationToken(canceled: true));
        var captured = camera.Capture(frame, CancellationToken.None);

        Assert.False(cancelled);
        Assert.True(captured);
        Assert.Equal(0, frame.Sequence);
        frame.Release();
    }

    [Fact]
    public void The_camera_describes_its_frames()
    {
        using var camera = new SyntheticConveyorCamera("left", Options with { Format = PixelFormat.BayerGrbg8 });

        Assert.Equal("left", camera.Name);
        Assert.Equal(640, camera.Width);
        Assert.Equal(480, camera.Height);
        Assert.Equal(PixelFormat.BayerGrbg8, camera.Format);
    }

    private static List<byte[]> CaptureRaw(SyntheticConveyorOptions options, int count)
    {
        using var camera = new SyntheticConveyorCamera("cam", options);
        using var pool = new FramePool(1, options.Width, options.Height, options.Format);
        camera.Open();
        var frames = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero)!;
            Assert.True(camera.Capture(frame, CancellationToken.None));
            Assert.True(frame.Image.GetArray(out byte[] bytes));
            frames.Add(bytes);
            frame.Release();
        }

        return frames;
    }

    // Mean of the raw mosaic over a 5×5 window: averages the Bayer channels and the noise.
    private static double MeanAround(Frame frame, double x, double y)
    {
        double sum = 0;
        for (var dy = -2; dy <= 2; dy++)
        {
            for (var dx = -2; dx <= 2; dx++)
            {
                sum += frame.Image.At<byte>((int)Math.Round(y) + dy, (int)Math.Round(x) + dx);
            }
        }

        return sum / 25;
    }
}
