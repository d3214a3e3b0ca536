using System.Diagnostics;
using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Replay;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Acquisition.Tests.Replay;

public sealed class ReplayCameraTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ev-replay-").FullName;

    [Fact]
    public void Images_of_a_folder_come_in_name_order_and_the_recording_starts_again_at_its_end()
    {
        WriteGray("b.png", 20);
        WriteGray("a.png", 10);
        WriteGray("c.png", 30);
        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = _dir, FramesPerSecond = 0 });

        var frames = Capture(camera, 7);

        Assert.Equal([10, 20, 30, 10, 20, 30, 10], frames.Select(f => f.Level));
        Assert.Equal([0L, 1, 2, 3, 4, 5, 6], frames.Select(f => f.Sequence));
        Assert.Equal((64, 48, PixelFormat.Mono8, 3, 2L), (camera.Width, camera.Height, camera.Format, camera.RecordingLength, camera.Loops));
    }

    [Fact]
    public void A_recording_that_does_not_loop_delivers_nothing_after_its_last_image()
    {
        WriteGray("1.png", 50);
        WriteGray("2.png", 60);
        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = _dir, FramesPerSecond = 0, Loop = false });
        using var pool = new FramePool(1, camera.Width, camera.Height, camera.Format);
        camera.Open();

        Assert.Equal([50, 60], Capture(camera, 2, pool).Select(f => f.Level));
        var frame = pool.TryRent(TimeSpan.Zero)!;
        Assert.False(camera.Capture(frame, CancellationToken.None));
        frame.Release();
        Assert.True(camera.Ended);
    }

    [Fact]
    public void One_channel_images_take_the_configured_Bayer_order_and_colour_images_are_read_as_BGR()
    {
        WriteGray("raw.png", 77);
        using var raw = new ReplayCamera("cam", new ReplayCameraOptions { Path = _dir, SingleChannelFormat = PixelFormat.BayerGbrg8 });
        var colour = Directory.CreateDirectory(Path.Combine(_dir, "colour")).FullName;
        using (var bgr = new Mat(48, 64, MatType.CV_8UC3, new Scalar(10, 20, 30)))
        {
            Cv2.ImWrite(Path.Combine(colour, "x.png"), bgr);
        }

        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = colour, FramesPerSecond = 0 });
        using var pool = new FramePool(1, camera.Width, camera.Height, camera.Format);
        camera.Open();
        var frame = pool.TryRent(TimeSpan.Zero)!;
        Assert.True(camera.Capture(frame, CancellationToken.None));

        Assert.Equal(PixelFormat.BayerGbrg8, raw.Format);
        Assert.Equal(PixelFormat.Bgr8, camera.Format);
        Assert.Equal(new Vec3b(10, 20, 30), frame.Image.At<Vec3b>(47, 63));
        frame.Release();
    }

    [Fact]
    public void An_image_of_another_size_is_refused_with_its_name_and_the_next_image_follows()
    {
        WriteGray("1.png", 10);
        WriteGray("2.png", 20, width: 80);
        WriteGray("3.png", 30);
        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = _dir, FramesPerSecond = 0 });
        using var pool = new FramePool(1, camera.Width, camera.Height, camera.Format);
        camera.Open();

        Assert.Equal(10, Capture(camera, 1, pool)[0].Level);
        var frame = pool.TryRent(TimeSpan.Zero)!;
        var error = Assert.Throws<InvalidDataException>(() => camera.Capture(frame, CancellationToken.None));
        frame.Release();
        Assert.Equal(30, Capture(camera, 1, pool)[0].Level);

        Assert.Contains("2.png' is 80×48 with 1 channel(s); camera 'cam' delivers 64×48 with 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_running_frames_come_no_faster_than_the_configured_rate()
    {
        WriteGray("a.png", 1);
        WriteGray("b.png", 2);
        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = _dir, FramesPerSecond = 20 });
        using var pool = new FramePool(1, camera.Width, camera.Height, camera.Format);
        var opened = Stopwatch.GetTimestamp();
        camera.Open();

        var frames = Capture(camera, 5, pool);

        for (var i = 0; i < frames.Count; i++)
        {
            var since = Stopwatch.GetElapsedTime(opened, frames[i].Timestamp);
            Assert.True(since >= TimeSpan.FromMilliseconds(50 * i), $"frame {i} came {since.TotalMilliseconds:F2} ms after start, before its slot at {50 * i} ms");
        }
    }

    [Fact]
    public void A_video_plays_its_frames_in_order_and_loops()
    {
        int[] levels = [40, 80, 120, 160, 200];
        for (var i = 0; i < levels.Length; i++)
        {
            WriteGray($"f{i:D2}.png", levels[i]);
        }

        var video = Path.Combine(_dir, "clip.mkv");
        Ffmpeg("-framerate", "10", "-i", Path.Combine(_dir, "f%02d.png"), "-c:v", "ffv1", video); // lossless: levels stay exact
        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = video, FramesPerSecond = 0 });

        var frames = Capture(camera, 7);

        Assert.Equal([40, 80, 120, 160, 200, 40, 80], frames.Select(f => f.Level));
        Assert.Equal((64, 48, PixelFormat.Bgr8, 1L), (camera.Width, camera.Height, camera.Format, camera.Loops));
    }

    [Fact]
    public void Triggered_each_trigger_gets_the_next_image_after_the_delay_with_the_trigger_id_and_edge_time_and_a_trigger_past_the_end_is_missed()
    {
        WriteGray("a.png", 11);
        WriteGray("b.png", 22);
        using var camera = new ReplayCamera("cam", new ReplayCameraOptions { Path = _dir, FramesPerSecond = 0, Loop = false });
        using var pool = new FramePool(1, camera.Width, camera.Height, camera.Format);
        using var queue = new TriggerQueue();
        var triggered = new TriggeredCapture(queue, TimeSpan.FromMilliseconds(15));
        camera.Open();

        var seen = new List<(int Level, long Id, long Edge, long Captured)>();
        var edges = new List<long>();
        for (var id = 1; id <= 3; id++)
        {
            edges.Add(TimeProvider.System.GetTimestamp());
            queue.Fire(100 + id, edges[^1]);
            Assert.True(triggered.TryTake(TimeSpan.FromSeconds(5), CancellationToken.None, out var request));
            var frame = pool.TryRent(TimeSpan.Zero)!;
            if (triggered.Capture(camera, frame, request, CancellationToken.None))
            {
                seen.Add((frame.Image.At<byte>(0, 0), frame.TriggerId, frame.TriggerTimestamp, frame.Timestamp));
            }

            frame.Release();
        }

        Assert.Equal([(11, 101L), (22, 102L)], seen.Select(s => (s.Level, s.Id)));
        Assert.Equal(edges.Take(2), seen.Select(s => s.Edge));
        Assert.All(seen, s => Assert.True(TimeProvider.System.GetElapsedTime(s.Edge, s.Captured) >= TimeSpan.FromMilliseconds(15), "captured before its delay"));
        Assert.Equal(1, triggered.Missed);
    }

    [Fact]
    public void A_recording_that_cannot_be_replayed_is_described_by_what_is_wrong()
    {
        Assert.Throws<FileNotFoundException>(() => ReplayCamera.Describe(Path.Combine(_dir, "nowhere")));
        Assert.Contains("holds no image files", Assert.Throws<InvalidDataException>(() => ReplayCamera.Describe(_dir)).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "broken.png"), "not a png");
        Assert.Contains("broken.png' could not be decoded", Assert.Throws<InvalidDataException>(() => ReplayCamera.Describe(_dir)).Message, StringComparison.Ordinal);
        var notVideo = Path.Combine(_dir, "notes.mkv");
        File.WriteAllText(notVideo, "not a video");
        Assert.Contains("notes.mkv", Assert.Throws<InvalidDataException>(() => ReplayCamera.Describe(notVideo)).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteGray(string name, int level, int width = 64)
    {
        using var image = new Mat(48, width, MatType.CV_8UC1, Scalar.All(level));
        Cv2.ImWrite(Path.Combine(_dir, name), image);
    }

    private static List<(int Level, long Sequence, long Timestamp)> Capture(ReplayCamera camera, int count)
    {
        using var pool = new FramePool(1, camera.Width, camera.Height, camera.Format);
        camera.Open();
        return Capture(camera, count, pool);
    }

    private static List<(int Level, long Sequence, long Timestamp)> Capture(ReplayCamera camera, int count, FramePool pool)
    {
        var frames = new List<(int, long, long)>();
        for (var i = 0; i < count; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero)!;
            Assert.True(camera.Capture(frame, CancellationToken.None), $"capture {i} gave no frame");
            frames.Add((frame.Image.At<byte>(frame.Image.Rows - 1, 0), frame.Sequence, frame.Timestamp));
            frame.Release();
        }

        return frames;
    }

    private static void Ffmpeg(params string[] args)
    {
        using var ffmpeg = Process.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. args])!;
        Assert.True(ffmpeg.WaitForExit(60_000), "ffmpeg did not finish");
        Assert.Equal(0, ffmpeg.ExitCode);
    }
}
