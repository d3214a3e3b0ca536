using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// The pipeline's working answer for one frame, reused frame after frame so that inspecting allocates nothing.
/// The tools keep their own per-frame outputs; <see cref="InspectionPipeline.ToResult"/> gathers both into an
/// immutable <see cref="InspectionResult"/>.
/// </summary>
public sealed class InspectionRecord
{
    /// <summary>Frame number inspected.</summary>
    public long FrameSequence { get; set; }

    /// <summary>The trigger (part) that caused the frame, or 0 when free-running.</summary>
    public long TriggerId { get; set; }

    /// <summary>Capture time of the frame.</summary>
    public DateTimeOffset CaptureTime { get; set; }

    /// <summary>Where the part is (identity when the recipe has no fixture).</summary>
    public PartPose Pose { get; set; }

    /// <summary>Reason bits (see <see cref="VerdictJudge.Reasons"/>); zero when the part passed.</summary>
    public ulong ReasonMask { get; set; }

    /// <summary>Per-stage times.</summary>
    public StageClock Clock { get; set; }

    /// <summary>Pass when no reason was found.</summary>
    public Verdict Verdict => ReasonMask == 0 ? Verdict.Pass : Verdict.Fail;
}
