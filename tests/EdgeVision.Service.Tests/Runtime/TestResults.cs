using EdgeVision.Inspection.Results;

namespace EdgeVision.Service.Tests.Runtime;

/// <summary>Minimal inspection results for tests of the result sinks (GPIO, reject queue).</summary>
internal static class TestResults
{
    /// <summary>A result of part <paramref name="triggerId"/> (0: free-running) with <paramref name="verdict"/>.</summary>
    public static InspectionResult Of(Verdict verdict, long triggerId) => new()
    {
        Device = "station",
        Camera = "cam",
        Sequence = Math.Max(1, triggerId),
        FrameSequence = Math.Max(1, triggerId),
        TriggerId = triggerId,
        CaptureTime = DateTimeOffset.UnixEpoch,
        CompletedTime = DateTimeOffset.UnixEpoch,
        Recipe = "r",
        RecipeChecksum = "sha256:00",
        Verdict = verdict,
        Reasons = verdict == Verdict.Pass ? [] : ["X"],
        Pose = new PoseResult(false, 0, 0, 0),
        Measurements = [],
        Defects = [],
        Timings = [],
    };
}
