using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using EdgeVision.Vision.Color;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// Runs one recipe on frames of one camera: colour pipeline, fixture, hole gauges, surface search, judgement.
/// One instance per camera worker; it owns every scratch image and reuses them. In steady state <see cref="Inspect"/>
/// allocates no pixel memory; the only managed allocation left is OpenCvSharp's per-call InputArray/OutputArray
/// wrappers (about 2.3 KB per frame, measured by a test and the benchmarks).
/// </summary>
public sealed class InspectionPipeline : IDisposable
{
    private static readonly Stage[] ReportedStages = Enum.GetValues<Stage>();
    private static readonly string[] StageNames = Array.ConvertAll(ReportedStages, s => s.ToString().ToLowerInvariant());

    private readonly ColorPipeline _color;
    private readonly BlobLocator _locator = new();
    private readonly SurfaceInspector _surface = new();
    private readonly ExcludedCircle[] _excluded;

    /// <summary>Creates the pipeline for <paramref name="recipe"/>, reporting as <paramref name="device"/>/<paramref name="camera"/>.</summary>
    public InspectionPipeline(Recipe recipe, string device, string camera)
    {
        Recipe = recipe ?? throw new ArgumentNullException(nameof(recipe));
        Device = device;
        Camera = camera;
        _color = new ColorPipeline(recipe.Preprocess.Color);
        _excluded = new ExcludedCircle[recipe.Holes.Count];
    }

    /// <summary>The recipe this pipeline runs.</summary>
    public Recipe Recipe { get; }

    /// <summary>Station name put in results.</summary>
    public string Device { get; }

    /// <summary>Camera name put in results.</summary>
    public string Camera { get; }

    /// <summary>The corrected colour image of the last inspected frame (valid until the next call).</summary>
    public OpenCvSharp.Mat ColorImage => _color.Color;

    /// <summary>The gray image of the last inspected frame (valid until the next call).</summary>
    public OpenCvSharp.Mat GrayImage => _color.Gray;

    /// <summary>A record sized for this recipe, to pass to <see cref="Inspect"/> again and again.</summary>
    public InspectionRecord CreateRecord() => new(Recipe.Holes.Count);

    /// <summary>Inspects <paramref name="frame"/> into <paramref name="record"/>. The caller keeps its frame reference.</summary>
    public void Inspect(Frame frame, InspectionRecord record)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(record);
        var clock = StageClock.StartNew();
        record.FrameSequence = frame.Sequence;
        record.CaptureTime = frame.CaptureTime;
        record.Reasons = ReasonCodes.None;
        record.DefectCount = 0;

        var format = frame.Format.IsBayer() && Recipe.Preprocess.Bayer.IsBayer() ? Recipe.Preprocess.Bayer : frame.Format;
        _color.Process(frame.Image, format, ref clock);
        var gray = _color.Gray;
        var fixture = Recipe.Fixture;
        var pose = _locator.Locate(gray, fixture.Threshold, fixture.MinArea);
        record.Pose = pose;
        clock.Lap(Stage.Locate);
        if (!pose.Found)
        {
            Array.Clear(record.Holes);
            Array.Clear(record.HolePass);
            record.LengthPass = record.WidthPass = false;
            record.Reasons = ReasonCodes.PartNotFound;
            clock.Lap(Stage.Judge);
            record.Clock = clock;
            return;
        }

        MeasureHoles(gray, pose, record);
        clock.Lap(Stage.Holes);
        if (Recipe.Surface.Enabled)
        {
            var s = Recipe.Surface;
            record.DefectCount = _surface.Inspect(gray, pose, s.EdgeMargin, _excluded, s.Contrast, s.MinArea, record.Defects);
        }

        clock.Lap(Stage.Surface);
        Judge(record);
        clock.Lap(Stage.Judge);
        record.Clock = clock;
    }

    private void MeasureHoles(OpenCvSharp.Mat gray, in PartPose pose, InspectionRecord record)
    {
        for (var i = 0; i < Recipe.Holes.Count; i++)
        {
            var hole = Recipe.Holes[i];
            var (x, y) = pose.ToImage(hole.U, hole.V);
            var m = HoleGauge.Measure(gray, x, y, hole.Diameter.Nominal, hole.MinContrast);
            record.Holes[i] = m;
            var radius = (m.Present ? Math.Max(m.Diameter, hole.Diameter.Nominal) : hole.Diameter.Nominal) / 2;
            _excluded[i] = new ExcludedCircle(m.Present ? m.X : x, m.Present ? m.Y : y, radius + Recipe.Surface.HoleMargin);
        }
    }

    private void Judge(InspectionRecord record)
    {
        var reasons = ReasonCodes.None;
        record.LengthPass = Recipe.Fixture.Length.Accepts(record.Pose.Length);
        record.WidthPass = Recipe.Fixture.Width.Accepts(record.Pose.Width);
        if (!record.LengthPass || !record.WidthPass)
        {
            reasons |= ReasonCodes.PartSize;
        }

        for (var i = 0; i < record.Holes.Length; i++)
        {
            var m = record.Holes[i];
            var pass = m.Present && Recipe.Holes[i].Diameter.Accepts(m.Diameter);
            record.HolePass[i] = pass;
            if (!m.Present)
            {
                reasons |= ReasonCodes.HoleMissing;
            }
            else if (!pass)
            {
                reasons |= ReasonCodes.HoleDiameter;
            }
        }

        if (record.DefectCount > 0)
        {
            reasons |= ReasonCodes.SurfaceDefect;
        }

        record.Reasons = reasons;
    }

    /// <summary>Turns a record into the immutable result handed to sinks (this allocates; it is done once per frame).</summary>
    public InspectionResult ToResult(InspectionRecord record, long sequence, DateTimeOffset completed)
    {
        ArgumentNullException.ThrowIfNull(record);
        var measurements = new List<MeasurementResult>(2 + record.Holes.Length);
        var pose = record.Pose;
        if (pose.Found)
        {
            var f = Recipe.Fixture;
            measurements.Add(new MeasurementResult("part.length", pose.Length, "px", f.Length.Nominal, f.Length.Minus, f.Length.Plus, record.LengthPass));
            measurements.Add(new MeasurementResult("part.width", pose.Width, "px", f.Width.Nominal, f.Width.Minus, f.Width.Plus, record.WidthPass));
            for (var i = 0; i < record.Holes.Length; i++)
            {
                var hole = Recipe.Holes[i];
                var d = hole.Diameter;
                measurements.Add(new MeasurementResult($"{hole.Name}.diameter", record.Holes[i].Diameter, "px", d.Nominal, d.Minus, d.Plus, record.HolePass[i]));
            }
        }

        var defects = new List<DefectResult>();
        for (var i = 0; i < Math.Min(record.DefectCount, InspectionRecord.MaxDefects); i++)
        {
            var d = record.Defects[i];
            defects.Add(new DefectResult(d.Kind == DefectKind.Scratch ? "scratch" : "spot", d.X, d.Y, d.Width, d.Height, d.Area));
        }

        if (pose.Found)
        {
            for (var i = 0; i < record.Holes.Length; i++)
            {
                if (!record.HolePass[i])
                {
                    var hole = Recipe.Holes[i];
                    var (x, y) = pose.ToImage(hole.U, hole.V);
                    var r = (int)Math.Ceiling(Math.Max(record.Holes[i].Diameter, hole.Diameter.Nominal) / 2);
                    defects.Add(new DefectResult(record.Holes[i].Present ? "hole-diameter" : "hole-missing", (int)x - r, (int)y - r, (2 * r) + 1, (2 * r) + 1, 0));
                }
            }
        }

        var timings = new StageTiming[ReportedStages.Length];
        for (var i = 0; i < ReportedStages.Length; i++)
        {
            timings[i] = new StageTiming(StageNames[i], record.Clock.Milliseconds(ReportedStages[i]));
        }

        return new InspectionResult
        {
            Device = Device,
            Camera = Camera,
            Sequence = sequence,
            FrameSequence = record.FrameSequence,
            CaptureTime = record.CaptureTime,
            CompletedTime = completed,
            Recipe = Recipe.Name,
            RecipeChecksum = Recipe.Checksum,
            Verdict = record.Verdict,
            Reasons = record.Reasons,
            Pose = new PoseResult(pose.Found, pose.X, pose.Y, pose.AngleDeg),
            Measurements = measurements,
            Defects = defects,
            Timings = timings,
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _color.Dispose();
        _locator.Dispose();
        _surface.Dispose();
    }
}
