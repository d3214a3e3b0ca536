namespace EdgeVision.Inspection.Results;

/// <summary>The judgement of a part.</summary>
public enum Verdict
{
    /// <summary>Every check passed.</summary>
    Pass,

    /// <summary>At least one check failed; <see cref="InspectionResult.Reasons"/> says which.</summary>
    Fail,
}

/// <summary>Why a part failed; the JSON form is the upper-case snake name (e.g. <c>HOLE_MISSING</c>).</summary>
[Flags]
public enum ReasonCodes
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>The fixture found no part.</summary>
    PartNotFound = 1,

    /// <summary>The part's length or width is out of tolerance.</summary>
    PartSize = 2,

    /// <summary>A hole is absent.</summary>
    HoleMissing = 4,

    /// <summary>A hole's diameter is out of tolerance.</summary>
    HoleDiameter = 8,

    /// <summary>A dark mark (scratch, spot) was found on the surface.</summary>
    SurfaceDefect = 16,
}

/// <summary>Where the part was found, in image pixels and degrees.</summary>
public sealed record PoseResult(bool Found, double X, double Y, double AngleDeg);

/// <summary>One measured value with its unit and tolerance, and whether it passed.</summary>
public sealed record MeasurementResult(string Name, double Value, string Unit, double Nominal, double Minus, double Plus, bool Pass);

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
    public const int SchemaVersion = 1;

    /// <summary>Station (device) name.</summary>
    public required string Device { get; init; }

    /// <summary>Camera name.</summary>
    public required string Camera { get; init; }

    /// <summary>Result number for this camera, increasing by one per result with no gaps.</summary>
    public required long Sequence { get; init; }

    /// <summary>Number of the frame the result is about (frames dropped before inspection leave gaps here).</summary>
    public required long FrameSequence { get; init; }

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

    /// <summary>Every reason the part failed (empty on pass).</summary>
    public required ReasonCodes Reasons { get; init; }

    /// <summary>Where the part was found.</summary>
    public required PoseResult Pose { get; init; }

    /// <summary>Every measured value, in recipe order.</summary>
    public required IReadOnlyList<MeasurementResult> Measurements { get; init; }

    /// <summary>Every defect found.</summary>
    public required IReadOnlyList<DefectResult> Defects { get; init; }

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

    /// <summary>The JSON names of <paramref name="reasons"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> ReasonNames(ReasonCodes reasons)
    {
        var names = new List<string>();
        foreach (var (code, name) in ReasonTable)
        {
            if ((reasons & code) != 0)
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>Each reason code with its JSON name.</summary>
    public static IReadOnlyList<(ReasonCodes Code, string Name)> ReasonTable { get; } =
    [
        (ReasonCodes.PartNotFound, "PART_NOT_FOUND"),
        (ReasonCodes.PartSize, "PART_SIZE"),
        (ReasonCodes.HoleMissing, "HOLE_MISSING"),
        (ReasonCodes.HoleDiameter, "HOLE_DIAMETER"),
        (ReasonCodes.SurfaceDefect, "SURFACE_DEFECT"),
    ];
}
