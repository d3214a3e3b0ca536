using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Cli;
using EdgeVision.Service.Runtime;
using EdgeVision.Service.Tests.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

public sealed class ReplayCameraRuntimeTests : IDisposable
{
    private const int Images = 6;
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Replay_cameras_inspect_their_recording_in_order_one_image_per_trigger_when_triggered_and_at_their_rate_otherwise()
    {
        var recording = Path.Combine(_dir.Path, "recording");
        Assert.Equal(0, SynthesizeCommand.Run(recording, Images, seed: 5, defectRate: 0.4, TextWriter.Null));
        var defective = File.ReadAllLines(Path.Combine(recording, "truth.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("defective").GetBoolean()).ToArray();
        Assert.Contains(true, defective);
        Assert.Contains(false, defective);
        var (settings, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            var triggered = ShippedConfigJson.Camera(json);
            triggered["source"] = "replay";
            triggered["replay"] = new JsonObject { ["path"] = recording, ["fps"] = 1 }; // the trigger, not the rate, paces it
            triggered["trigger"] = new JsonObject { ["mode"] = "triggered", ["delayMs"] = 10 };
            triggered["watchRecipe"] = false;
            var free = JsonNode.Parse(triggered.ToJsonString())!.AsObject();
            free["name"] = "cam2";
            free["replay"] = new JsonObject { ["path"] = recording, ["fps"] = 20 };
            free.Remove("trigger");
            json["cameras"]!.AsArray().Add(free);
            json["mqtt"]!["embeddedPort"] = LoopbackPort.Free();
            json["dataDirectory"] = Directory.CreateTempSubdirectory("edgevision-data-").FullName; // the outbox of this run only
            json["web"]!["enabled"] = false;
        });
        Assert.Empty(errors);
        await using var runtime = new EdgeVisionRuntime(settings!, NullLogger<EdgeVisionRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);

        var triggers = new List<long>();
        var cam1 = new List<InspectionResult>();
        for (var part = 0; part < Images + 2; part++)
        {
            triggers.Add(runtime.Trigger("cam1"));
            await WaitUntil(() => runtime.LiveView.Counters().Any(c => c.Camera == "cam1" && c.Passed + c.Failed == triggers.Count), $"the result of trigger {part + 1}");
            cam1.Add(runtime.LiveView.Counters().Single(c => c.Camera == "cam1").Last!); // the live view's recent list keeps only 20 of both cameras
        }

        await WaitUntil(() => runtime.Cameras[1].Results >= Images + 2, "cam2's results");
        await runtime.StopAsync(CancellationToken.None);

        var cam2 = runtime.LiveView.RecentResults().Where(r => r.Camera == "cam2").ToList();
        Assert.NotEmpty(cam2);
        Assert.Equal(triggers, cam1.Select(r => r.TriggerId));
        Assert.Equal(Enumerable.Range(0, Images + 2).Select(i => (long)i), cam1.Select(r => r.FrameSequence));
        Assert.All(cam2, r => Assert.Equal(0, r.TriggerId));
        foreach (var r in cam1.Concat(cam2))
        {
            var image = (int)(r.FrameSequence % Images);
            Assert.True(defective[image] == (r.Verdict == Verdict.Fail), $"{r.Camera} frame {r.FrameSequence} (image {image}): {r.Verdict}, truth defective={defective[image]}");
        }

        Assert.Equal(0, runtime.Cameras[0].MissedTriggers);
    }

    public void Dispose() => _dir.Dispose();

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not reached within 30 s");
            await Task.Delay(10);
        }
    }
}
