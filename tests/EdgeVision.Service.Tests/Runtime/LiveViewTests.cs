using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Runtime;
using OpenCvSharp;

namespace EdgeVision.Service.Tests.Runtime;

public class LiveViewTests
{
    private static readonly Recipe DemoRecipe = RecipeLoader.Load(RepositoryFiles.DemoRecipe);

    [Fact]
    public void Offer_counts_passes_and_failures_per_camera()
    {
        using var view = new LiveView();

        view.Offer(Result("cam1", 1, Verdict.Pass));
        view.Offer(Result("cam1", 2, Verdict.Fail));
        view.Offer(Result("cam1", 3, Verdict.Pass));
        view.Offer(Result("cam2", 1, Verdict.Fail));

        var counters = view.Counters().OrderBy(c => c.Camera, StringComparer.Ordinal).ToList();
        Assert.Equal(2, counters.Count);
        Assert.Equal(("cam1", 2L, 1L, 3L), (counters[0].Camera, counters[0].Passed, counters[0].Failed, counters[0].Last!.Sequence));
        Assert.Equal(("cam2", 0L, 1L, 1L), (counters[1].Camera, counters[1].Passed, counters[1].Failed, counters[1].Last!.Sequence));
    }

    [Fact]
    public void Recent_results_keep_the_twenty_newest_newest_first()
    {
        using var view = new LiveView();
        for (var i = 1; i <= 25; i++)
        {
            view.Offer(Result(i % 2 == 0 ? "cam2" : "cam1", i, Verdict.Pass));
        }

        var recent = view.RecentResults();

        Assert.Equal(Enumerable.Range(6, 20).Reverse().Select(i => (long)i), recent.Select(r => r.Sequence));
        Assert.Equal(25, view.Counters().Sum(c => c.Passed));
    }

    [Fact]
    public void No_results_means_no_counters_and_no_recent_results()
    {
        using var view = new LiveView();

        Assert.Empty(view.Counters());
        Assert.Empty(view.RecentResults());
    }

    [Fact]
    public void The_annotated_image_is_null_before_any_image_was_offered()
    {
        using var view = new LiveView();
        view.Offer(Result("cam1", 1, Verdict.Pass));

        Assert.Null(view.AnnotatedJpeg("cam1"));
        Assert.Null(view.AnnotatedJpeg("no-such-camera"));
    }

    [Fact]
    public void The_annotated_image_is_a_jpeg_of_the_offered_frame_with_the_overlay_drawn_on_it()
    {
        using var view = new LiveView { ImageInterval = TimeSpan.Zero };
        using var frame = new Mat(480, 640, MatType.CV_8UC3, Scalar.Black);
        var result = Result("cam1", 7, Verdict.Fail);

        view.OfferImage("cam1", frame, result, DemoRecipe);
        var jpeg = view.AnnotatedJpeg("cam1");

        Assert.NotNull(jpeg);
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        using var decoded = Cv2.ImDecode(jpeg, ImreadModes.Color);
        Assert.Equal((640, 480), (decoded.Cols, decoded.Rows));
        using var gray = decoded.CvtColor(ColorConversionCodes.BGR2GRAY);
        Assert.True(Cv2.CountNonZero(gray) > 0, "the overlay should have drawn on the black frame");
        Assert.Equal(0, Cv2.CountNonZero(frame.Reshape(1))); // the pipeline's frame is left untouched
    }

    [Fact]
    public void The_annotated_image_is_encoded_once_per_frame_and_again_after_a_new_frame()
    {
        using var view = new LiveView { ImageInterval = TimeSpan.Zero };
        using var frame = new Mat(480, 640, MatType.CV_8UC3, Scalar.Black);
        view.OfferImage("cam1", frame, Result("cam1", 1, Verdict.Pass), DemoRecipe);

        var first = view.AnnotatedJpeg("cam1");
        var again = view.AnnotatedJpeg("cam1");
        view.OfferImage("cam1", frame, Result("cam1", 2, Verdict.Fail), DemoRecipe);
        var next = view.AnnotatedJpeg("cam1");

        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.NotNull(next);
        Assert.NotSame(first, next);
        Assert.NotEqual(first, next); // the header now reads "#2 FAIL ..."
    }

    private static InspectionResult Result(string camera, long sequence, Verdict verdict)
    {
        var now = new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero).AddSeconds(sequence);
        var pass = verdict == Verdict.Pass;
        return new InspectionResult
        {
            Device = "station-1",
            Camera = camera,
            Sequence = sequence,
            FrameSequence = sequence,
            CaptureTime = now,
            CompletedTime = now.AddMilliseconds(20),
            Recipe = DemoRecipe.Name,
            RecipeChecksum = DemoRecipe.Checksum,
            Verdict = verdict,
            Reasons = pass ? [] : ["HOLE_DIAMETER"],
            Pose = new PoseResult(true, 320, 240, 5),
            Measurements =
            [
                new MeasurementResult("part.length", 440, "px", 440, 4, 4, true),
                new MeasurementResult("part.width", 280, "px", 280, 4, 4, true),
                new MeasurementResult("hole_left.diameter", 64, "px", 64, 1.5, 1.5, true),
                new MeasurementResult("hole_right.diameter", pass ? 64 : 70, "px", 64, 1.5, 1.5, pass),
            ],
            Defects = pass ? [] : [new DefectResult("scratch", 300, 200, 12, 4, 30)],
            Timings = [new StageTiming("fixture", 1.5), new StageTiming("holes", 2.0)],
        };
    }
}
