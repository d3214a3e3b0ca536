using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// The pipeline's working answer for one frame, reused frame after frame so that inspecting allocates nothing.
/// <see cref="InspectionPipeline.ToResult"/> turns it into an immutable <see cref="InspectionResult"/>.
/// </summary>
public sealed class InspectionRecord
{
    /// <summary>Largest number of surface defects kept per frame (more are counted, not listed).</summary>
    public const int MaxDefects = 16;

    /// <summary>Creates a record with room for <paramref name="holeCount"/> hole measurements.</summary>
    public InspectionRecord(int holeCount)
    {
        Holes = new HoleMeasurement[holeCount];
        HolePass = new bool[holeCount];
    }

    /// <summary>Frame number inspected.</summary>
    public long FrameSequence { get; set; }

    /// <summary>Capture time of the frame.</summary>
    public DateTimeOffset CaptureTime { get; set; }

    /// <summary>Where the part is.</summary>
    public PartPose Pose { get; set; }

    /// <summary>Whether the part's length and width are in tolerance.</summary>
    public bool LengthPass { get; set; }

    /// <summary>Whether the part's width is in tolerance.</summary>
    public bool WidthPass { get; set; }

    /// <summary>One measurement per recipe hole, in recipe order.</summary>
    public HoleMeasurement[] Holes { get; }

    /// <summary>Whether each hole passed (present and in tolerance).</summary>
    public bool[] HolePass { get; }

    /// <summary>Surface defects found (first <see cref="DefectCount"/> entries, at most <see cref="MaxDefects"/>).</summary>
    public SurfaceDefect[] Defects { get; } = new SurfaceDefect[MaxDefects];

    /// <summary>Number of qualifying defects (may exceed <see cref="MaxDefects"/>).</summary>
    public int DefectCount { get; set; }

    /// <summary>Every reason for failure found.</summary>
    public ReasonCodes Reasons { get; set; }

    /// <summary>Per-stage times.</summary>
    public StageClock Clock { get; set; }

    /// <summary>Pass when no reason was found.</summary>
    public Verdict Verdict => Reasons == ReasonCodes.None ? Verdict.Pass : Verdict.Fail;
}
