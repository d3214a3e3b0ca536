using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Tools;
using EdgeVision.Vision;

namespace EdgeVision.Inspection.Pipeline;

/// <content>Turning the tools' per-frame state into the immutable result.</content>
public sealed partial class InspectionPipeline
{
    /// <summary>
    /// Turns the last inspection into the immutable result handed to sinks. Call on the pipeline thread right after
    /// <see cref="Inspect"/> (the tools hold the frame's details until the next frame). This allocates; it is done once per frame.
    /// </summary>
    public InspectionResult ToResult(InspectionRecord record, long sequence, DateTimeOffset completed)
    {
        ArgumentNullException.ThrowIfNull(record);
        var measurements = new List<MeasurementResult>();
        var tools = new List<ToolResult>(_tools.Length + 1);
        var defects = new List<DefectResult>();
        var shapes = new List<OverlayShape>();
        if (_fixture is not null)
        {
            Describe(_fixture, measurements, tools, defects, shapes);
        }

        foreach (var tool in _tools)
        {
            Describe(tool, measurements, tools, defects, shapes);
        }

        var timings = new StageTiming[ReportedStages.Length];
        for (var i = 0; i < ReportedStages.Length; i++)
        {
            timings[i] = new StageTiming(StageNames[i], record.Clock.Milliseconds(ReportedStages[i]));
        }

        var pose = record.Pose;
        return new InspectionResult
        {
            Device = Device,
            Camera = Camera,
            Sequence = sequence,
            FrameSequence = record.FrameSequence,
            TriggerId = record.TriggerId,
            CaptureTime = record.CaptureTime,
            CompletedTime = completed,
            Recipe = Recipe.Name,
            RecipeChecksum = Recipe.Checksum,
            Verdict = record.Verdict,
            Reasons = _judge.Names(record.ReasonMask),
            Pose = new PoseResult(pose.Found, pose.X, pose.Y, pose.AngleDeg),
            Measurements = measurements,
            Defects = defects,
            Tools = tools,
            Shapes = shapes,
            Timings = timings,
        };
    }

    private void Describe(InspectionTool tool, List<MeasurementResult> measurements, List<ToolResult> tools, List<DefectResult> defects, List<OverlayShape> shapes)
    {
        tools.Add(new ToolResult(tool.Name, tool.Settings.Type, tool.Status, tool.ElapsedTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency) { Text = tool.Text });
        if (tool.Status == ToolStatus.Skipped)
        {
            return;
        }

        foreach (var slot in tool.Slots)
        {
            var t = slot.Tolerance;
            var unit = Recipe.Units.UnitOf(slot.Quantity);
            var converted = Recipe.Units.IsCalibrated && slot.Quantity is Quantity.Length or Quantity.Area;
            measurements.Add(new MeasurementResult(slot.Name, slot.Value, unit, t?.Nominal ?? double.NaN, t?.Minus ?? double.NaN, t?.Plus ?? double.NaN, slot.Pass)
            {
                Pixels = converted ? slot.Pixels : double.NaN,
            });
        }

        tool.DescribeDefects(defects);
        tool.DescribeShapes(_context, shapes);
    }
}
