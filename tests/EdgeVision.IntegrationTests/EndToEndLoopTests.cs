using System.Text.Json;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Gpio;
using EdgeVision.IntegrationTests.Fixtures;
using EdgeVision.Service.Cli;
using EdgeVision.Service.Configuration;
using EdgeVision.Service.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EdgeVision.IntegrationTests;

/// <summary>The whole loop in-process: synthetic camera → pipeline → reject pulses + MQTT (real mosquitto) + web page.</summary>
public sealed class EndToEndLoopTests(ITestOutputHelper output)
{
    private const int PartsToCheck = 60;

    [Fact]
    public async Task Results_reach_a_real_broker_in_order_match_the_ground_truth_and_every_failed_part_is_rejected_once()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var shipped = ServiceSettingsLoader.Load(RepositoryFiles.ShippedConfig);
        var camera = shipped.Cameras[0];
        var synthetic = camera.Synthetic with { FramesPerSecond = 25, Seed = 4242, DefectRate = 0.35 };
        var settings = shipped with
        {
            DataDirectory = Directory.CreateTempSubdirectory("edgevision-data-").FullName, // this run's outbox only
            Cameras = [camera with { Synthetic = synthetic }],
            Mqtt = shipped.Mqtt with { BrokerHost = "127.0.0.1", Port = broker.Port },
            Web = new WebSettings(true, "http://127.0.0.1:0"),
        };
        var root = $"edgevision/{settings.Device}";
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, $"{root}/#", "test-recorder");

        var app = EdgeVisionApp.Build(settings);
        await app.StartAsync();
        var runtime = app.Services.GetRequiredService<EdgeVisionRuntime>();
        await recorder.WaitUntilAsync(m => m.Count(x => x.Topic.EndsWith("/result", StringComparison.Ordinal)) >= PartsToCheck, TimeSpan.FromSeconds(90), $"{PartsToCheck} results");
        Assert.Contains(recorder.Messages, m => m.Topic == $"{root}/status" && JsonDocument.Parse(m.Payload).RootElement.GetProperty("state").GetString() == "online");

        using (var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) })
        {
            Assert.Equal("ok", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/stats", UriKind.Relative)));
            Assert.True(stats.RootElement.GetProperty("mqtt").GetProperty("connected").GetBoolean());
            var jpeg = await http.GetByteArrayAsync(new Uri($"/api/cameras/{camera.Name}/frame.jpg", UriKind.Relative));
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
        }

        var driver = (SimulatedGpioDriver)runtime.GpioDriver!;
        await app.StopAsync();
        await app.DisposeAsync();

        // Results: sequence 1, 2, 3, … with no gap or repeat, each verdict as the synthetic truth says.
        var results = recorder.Messages.Where(m => m.Topic == $"{root}/{camera.Name}/result").Select(m => JsonDocument.Parse(m.Payload).RootElement).ToList();
        var scene = new ConveyorScene(synthetic);
        var failed = 0;
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            Assert.Equal(i + 1, r.GetProperty("seq").GetInt64());
            Assert.Equal(i + 1, r.GetProperty("msgSeq").GetInt64());
            var truth = scene.TruthFor(r.GetProperty("frame").GetInt64());
            var verdict = r.GetProperty("verdict").GetString();
            Assert.True(
                (verdict == "fail") == truth.IsDefective,
                $"frame {truth.FrameIndex}: verdict {verdict} but truth defective={truth.IsDefective} ({truth.Defect.Kind}); reasons {r.GetProperty("reasons")}");
            failed += verdict == "fail" ? 1 : 0;
        }

        output.WriteLine($"{results.Count} results, {failed} failed, {driver.CountRisingEdges(settings.Gpio.Reject.Offset)} reject pulses");
        Assert.True(results.Count >= PartsToCheck);
        Assert.True(failed > 5, "the defect rate should have produced failed parts");

        // One reject pulse per failed part, and the line left at its safe (inactive) level.
        Assert.Equal(failed, driver.CountRisingEdges(settings.Gpio.Reject.Offset));
        Assert.Equal(failed, driver.CountFallingEdges(settings.Gpio.Reject.Offset));

        // The retained status is now offline, as a newly connecting dashboard sees it.
        await using var late = await TopicRecorder.StartAsync(broker.Port, $"{root}/status", "late-dashboard");
        await late.WaitUntilAsync(m => m.Count > 0, TimeSpan.FromSeconds(10), "the retained status");
        Assert.Equal(("offline", true), (JsonDocument.Parse(late.Messages[0].Payload).RootElement.GetProperty("state").GetString(), late.Messages[0].Retained));
    }
}
