namespace EdgeVision.Inspection.Results;

/// <summary>The judgement of a part.</summary>
public enum Verdict
{
    /// <summary>Every check passed.</summary>
    Pass,

    /// <summary>At least one check failed; <see cref="InspectionResult.Reasons"/> says which.</summary>
    Fail,
}

/// <summary>Where the part was found, in image pixels and degrees.</summary>
public sealed record PoseResult(bool Found, double X, double Y, double AngleDeg);

/// <summary>
/// One measured value with its unit and tolerance, and whether it passed. Lengths measured on a calibrated recipe are
/// in millimetres, with the pixel value kept in <see cref="Pixels"/> (NaN when the value is not a length).
/// </summary>
public sealed record MeasurementResult(string Name, double Value, string Unit, double Nominal, double Minus, double Plus, bool Pass)
{
    /// <summary>The value in pixels when <see cref="Unit"/> is a calibrated length unit; NaN otherwise.</summary>
    public double Pixels { get; init; } = double.NaN;
}

/// <summary>One defect found, with its kind, bounding box in image pixels and area in pixels.</summary>
public sealed record DefectResult(string Kind, int X, int Y, int Width, int Height, int Area);

/// <summary>Time spent in one pipeline stage, in milliseconds.</summary>
public sealed record StageTiming(string Stage, double Milliseconds);

/// <summary>
/// Everything the pipeline concluded about one frame: immutable, safe to hand to any number of sinks
/// (actuation, MQTT, storage, live view) on any thread. Its JSON form is written by <see cref="InspectionResultJson"/>.
/// </summary>
public sealed record InspectionResult
{
    /// <summary>Version of the JSON form.</summary>
    public const int SchemaVersion = 2;

    /// <summary>Station (device) name.</summary>
    public required string Device { get; init; }

    /// <summary>Camera name.</summary>
    public required string Camera { get; init; }

    /// <summary>Result number for this camera, increasing by one per result with no gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Number of the frame the result is about (frames dropped before inspection leave gaps here).</summary>
    public required long FrameSequence { get; init; }

    /// <summary>The trigger (part) the frame was taken for, or 0 when the camera free-runs.</summary>
    public long TriggerId { get; init; }

    /// <summary>When the frame was captured (UTC).</summary>
    public required DateTimeOffset CaptureTime { get; init; }

    /// <summary>When the judgement was done (UTC).</summary>
    public required DateTimeOffset CompletedTime { get; init; }

    /// <summary>Name of the recipe used.</summary>
    public required string Recipe { get; init; }

    /// <summary>Checksum of the recipe used.</summary>
    public required string RecipeChecksum { get; init; }

    /// <summary>Pass or fail.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Every reason the part failed (recipe-defined codes such as <c>HOLE_MISSING</c>, empty on pass), in recipe order.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Where the part was found.</summary>
    public required PoseResult Pose { get; init; }

    /// <summary>Every measured value, in recipe order.</summary>
    public required IReadOnlyList<MeasurementResult> Measurements { get; init; }

    /// <summary>Every defect found.</summary>
    public required IReadOnlyList<DefectResult> Defects { get; init; }

    /// <summary>Each recipe tool's outcome, in recipe order.</summary>
    public IReadOnlyList<ToolResult> Tools { get; init; } = [];

    /// <summary>What the overlay draws for this result (regions, edges, fitted shapes, labels); not part of the JSON.</summary>
    public IReadOnlyList<OverlayShape> Shapes { get; init; } = [];

    /// <summary>Time per stage.</summary>
    public required IReadOnlyList<StageTiming> Timings { get; init; }

    /// <summary>Sum of the stage times in milliseconds.</summary>
    public double TotalMilliseconds
    {
        get
        {
            double sum = 0;
            foreach (var t in Timings)
            {
                sum += t.Milliseconds;
            }

            return sum;
        }
    }
}
