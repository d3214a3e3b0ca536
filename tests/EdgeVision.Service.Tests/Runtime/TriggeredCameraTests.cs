using System.Collections.Concurrent;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

public class TriggeredCameraTests
{
    [Fact]
    public void A_triggered_camera_takes_one_frame_per_trigger_after_the_delay_and_results_carry_the_trigger_id()
    {
        var options = new SyntheticConveyorOptions { FramesPerSecond = 0, Seed = 5, DefectRate = 0.3 };
        var scene = new ConveyorScene(options);
        using var triggers = new TriggerQueue();
        var sink = new Collector();
        var delay = TimeSpan.FromMilliseconds(30);
        var firedAt = new List<DateTimeOffset>();
        using (var runner = new CameraRunner(
            new SyntheticConveyorCamera("cam", options),
            new InspectionPipeline(RecipeLoader.Load(RepositoryFiles.DemoRecipe), "station", "cam"),
            4,
            [sink],
            new LiveView(),
            NullLogger.Instance,
            TimeProvider.System,
            triggers,
            delay))
        {
            runner.Start();
            for (var id = 1; id <= 5; id++)
            {
                firedAt.Add(DateTimeOffset.UtcNow);
                Assert.True(triggers.Fire(id, TimeProvider.System.GetTimestamp()));
                Assert.True(sink.Arrived.Wait(TimeSpan.FromSeconds(30)), $"no result for trigger {id}");
            }

            runner.Stop(TimeSpan.FromSeconds(5));
        }

        var results = sink.All.OrderBy(r => r.Sequence).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], results.Select(r => r.TriggerId));
        Assert.Equal([0L, 1, 2, 3, 4], results.Select(r => r.FrameSequence));
        for (var i = 0; i < results.Count; i++)
        {
            Assert.True(results[i].CaptureTime >= firedAt[i] + delay, $"trigger {i + 1} captured before its delay had passed");
            Assert.Equal(scene.TruthFor(i).IsDefective, results[i].Verdict == Verdict.Fail);
        }
    }

    private sealed class Collector : IResultSink
    {
        public ConcurrentQueue<InspectionResult> All { get; } = new();

        public SemaphoreSlim Arrived { get; } = new(0);

        public void Offer(InspectionResult result)
        {
            All.Enqueue(result);
            Arrived.Release();
        }
    }
}
