using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Tools;
using EdgeVision.Vision;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tests.Pipeline;

/// <summary>
/// Inspects a fixed run of synthetic conveyor frames with the demo recipe once, keeping for every frame its ground
/// truth, the record's reasons and clock, and the result, for the tests of <see cref="InspectionPipelineTests"/>.
/// </summary>
public sealed class SyntheticInspectionRun
{
    public const int Frames = 200;

    public SyntheticInspectionRun()
    {
        Options = new SyntheticConveyorOptions { Width = 1280, Height = 960, FramesPerSecond = 0, Seed = 31337, DefectRate = 0.3 };
        Recipe = RecipeLoader.Load(RepositoryFiles.DemoRecipe);
        using var camera = new SyntheticConveyorCamera("synthetic", Options);
        using var pool = new FramePool(1, Options.Width, Options.Height, Options.Format);
        using var pipeline = new InspectionPipeline(Recipe, "station-1", "synthetic");
        var record = new InspectionRecord();
        camera.Open();
        var completed = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        for (var i = 0; i < Frames; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero) ?? throw new InvalidOperationException("pool exhausted");
            if (!camera.Capture(frame, CancellationToken.None))
            {
                throw new InvalidOperationException("capture failed");
            }

            var truth = ((SyntheticPartTruth)frame.Truth!).Clone();
            pipeline.Inspect(frame, record);
            frame.Release();
            var holes = new List<HoleMeasurement>();
            foreach (var tool in pipeline.Tools)
            {
                if (tool is HoleTool hole)
                {
                    holes.Add(hole.Measurement);
                }
            }

            Inspected.Add(new InspectedFrame(truth, pipeline.Judge.Names(record.ReasonMask), record.Verdict, record.Clock, [.. holes], pipeline.ToResult(record, i + 1, completed)));
        }
    }

    public SyntheticConveyorOptions Options { get; }

    public Recipe Recipe { get; }

    public List<InspectedFrame> Inspected { get; } = [];
}

public sealed record InspectedFrame(SyntheticPartTruth Truth, IReadOnlyList<string> Reasons, Verdict Verdict, StageClock Clock, HoleMeasurement[] Holes, InspectionResult Result);
