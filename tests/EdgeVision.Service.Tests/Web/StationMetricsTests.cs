using System.Device.Gpio;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Signals;
using EdgeVision.Service.Runtime;
using EdgeVision.Service.Tests.Configuration;
using EdgeVision.Service.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace EdgeVision.Service.Tests.Web;

public class StationMetricsTests(ITestOutputHelper output)
{
    private const int Trigger = 27, EncoderA = 22, EncoderB = 23;
    private const int Parts = 4;

    [Fact]
    public async Task Every_metrics_line_is_valid_exposition_text_and_every_value_equals_what_api_stats_says()
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            var camera = ShippedConfigJson.Camera(json);
            camera["trigger"] = new JsonObject { ["mode"] = "triggered" };
            camera["watchRecipe"] = false;
            camera["synthetic"]!["defectRate"] = 0.5;
            json["mqtt"]!["embeddedPort"] = LoopbackPort.Free();
            json["dataDirectory"] = Directory.CreateTempSubdirectory("edgevision-data-").FullName; // the outbox of this run only
            json["web"]!["enabled"] = false;
            json["gpio"]!["lines"] = JsonNode.Parse($$"""
                { "trigger": { "offset": {{Trigger}} }, "encoder-a": { "offset": {{EncoderA}} }, "encoder-b": { "offset": {{EncoderB}} },
                  "green": { "offset": 5 }, "red": { "offset": 6 } }
                """);
            json["gpio"]!["encoder"] = new JsonObject { ["countsPerMm"] = 4 };
            json["gpio"]!["tower"] = new JsonObject { ["consecutiveRejects"] = 0 };
            json["gpio"]!["rejectQueue"] = new JsonObject { ["mode"] = "time", ["delayMs"] = 2000, ["decisionMarginMs"] = 20 };
        });
        Assert.Empty(errors);
        await using var runtime = new EdgeVisionRuntime(settings!, NullLogger<EdgeVisionRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);
        var driver = (SimulatedGpioDriver)runtime.GpioDriver!;
        var io = runtime.Io!;

        for (var part = 1; part <= Parts; part++)
        {
            driver.InjectInputLevel(Trigger, PinValue.High);
            await WaitUntil(() => io.GpioTriggers == part, $"trigger {part}");
            driver.InjectInputLevel(Trigger, PinValue.Low);
            await WaitUntil(() => !io.Trigger!.ReadLevel(), $"trigger {part} released");
        }

        driver.InjectInputLevel(EncoderA, PinValue.High);
        driver.InjectInputLevel(EncoderB, PinValue.High);
        driver.InjectInputLevel(EncoderA, PinValue.Low);
        await WaitUntil(() => io.Queue!.GetStatistics() is { Depth: 0, Opened: Parts } && runtime.LiveView.RecentResults().Count == Parts, "every part through the gate");
        await WaitUntil(() => runtime.Publisher is { IsConnected: true, Published: Parts, Backlog: 0 }, "results published");
        await WaitUntil(() => io.Tower!.Lamp == TowerLamp.Green, "the tower green (broker seen connected)");

        var (stats, text) = await QuietSnapshot(runtime);
        output.WriteLine(text);
        var metrics = PrometheusText.Parse(text);

        foreach (var (family, type) in metrics.Types)
        {
            Assert.True(metrics.Help.ContainsKey(family), $"{family} has no HELP");
            Assert.True(type == "counter" == family.EndsWith("_total", StringComparison.Ordinal), $"{family} is a {type}");
        }

        var cam = stats.GetProperty("cameras")[0];
        (string, string) camera = ("camera", "cam1");
        Assert.Equal(Parts, cam.GetProperty("passed").GetInt64() + cam.GetProperty("failed").GetInt64());
        Assert.Equal(cam.GetProperty("captured").GetInt64(), metrics.Value("edgevision_frames_acquired_total", camera));
        Assert.Equal(cam.GetProperty("dropped").GetInt64(), metrics.Value("edgevision_frames_dropped_total", camera));
        Assert.Equal(cam.GetProperty("captureErrors").GetInt64(), metrics.Value("edgevision_capture_errors_total", camera));
        Assert.Equal(cam.GetProperty("missedTriggers").GetInt64(), metrics.Value("edgevision_triggers_missed_total", camera));
        Assert.Equal(cam.GetProperty("passed").GetInt64(), metrics.Value("edgevision_inspections_total", camera, ("verdict", "pass")));
        Assert.Equal(cam.GetProperty("failed").GetInt64(), metrics.Value("edgevision_inspections_total", camera, ("verdict", "fail")));
        var cycle = cam.GetProperty("cycleMs");
        Assert.Equal(Parts, cycle.GetProperty("count").GetInt64());
        Assert.Equal(cycle.GetProperty("count").GetInt64(), metrics.Value("edgevision_cycle_time_seconds_count", camera));
        Assert.Equal(cycle.GetProperty("sum").GetDouble() / 1000, metrics.Value("edgevision_cycle_time_seconds_sum", camera));
        Assert.Equal(cycle.GetProperty("p50").GetDouble() / 1000, metrics.Value("edgevision_cycle_time_seconds", camera, ("quantile", "0.5")));
        Assert.Equal(cycle.GetProperty("p99").GetDouble() / 1000, metrics.Value("edgevision_cycle_time_seconds", camera, ("quantile", "0.99")));
        Assert.True(cycle.GetProperty("p50").GetDouble() > 0);
        var recipe = cam.GetProperty("activeRecipe");
        Assert.Equal(1, metrics.Value("edgevision_recipe_info", camera, ("recipe", recipe.GetProperty("name").GetString()!), ("checksum", recipe.GetProperty("checksum").GetString()!)));

        var gpio = stats.GetProperty("gpio");
        Assert.Equal(Parts, gpio.GetProperty("triggers").GetInt64());
        Assert.Equal(gpio.GetProperty("triggers").GetInt64(), metrics.Value("edgevision_gpio_triggers_total"));
        Assert.Equal(gpio.GetProperty("refusedTriggers").GetInt64(), metrics.Value("edgevision_gpio_triggers_refused_total"));
        Assert.Equal(gpio.GetProperty("safeTrips").GetInt64(), metrics.Value("edgevision_gpio_safe_trips_total"));
        Assert.Equal(stats.GetProperty("rejectPulses").GetInt64(), metrics.Value("edgevision_rejects_requested_total"));
        Assert.Equal(1, metrics.Value("edgevision_tower_lamp", ("lamp", gpio.GetProperty("tower").GetString()!)));
        Assert.Equal(0, metrics.Value("edgevision_tower_lamp", ("lamp", "red")));
        var lines = gpio.GetProperty("lines").EnumerateObject().ToList();
        Assert.Equal(["reject", "green", "red", "trigger"], lines.Select(l => l.Name));
        foreach (var line in lines)
        {
            var direction = line.Name == "trigger" ? "input" : "output";
            Assert.Equal(line.Value.GetBoolean() ? 1 : 0, metrics.Value("edgevision_gpio_line_active", ("line", line.Name), ("direction", direction)));
        }

        Assert.Equal(3, gpio.GetProperty("encoder").GetProperty("count").GetInt64());
        Assert.Equal(gpio.GetProperty("encoder").GetProperty("count").GetInt64(), metrics.Value("edgevision_encoder_position_counts"));
        Assert.Equal(gpio.GetProperty("encoder").GetProperty("errors").GetInt64(), metrics.Value("edgevision_encoder_errors_total"));

        var q = gpio.GetProperty("rejectQueue");
        Assert.Equal(Parts, q.GetProperty("opened").GetInt64());
        Assert.Equal(q.GetProperty("opened").GetInt64(), metrics.Value("edgevision_reject_queue_parts_opened_total"));
        Assert.Equal(q.GetProperty("delivered").GetInt64(), metrics.Value("edgevision_reject_queue_results_scheduled_total"));
        Assert.Equal(q.GetProperty("rejects").GetInt64(), metrics.Value("edgevision_reject_queue_actuations_total", ("action", "reject")));
        Assert.Equal(q.GetProperty("passes").GetInt64(), metrics.Value("edgevision_reject_queue_actuations_total", ("action", "pass")));
        Assert.Equal(q.GetProperty("failSafes").GetInt64(), metrics.Value("edgevision_reject_queue_fail_safes_total"));
        Assert.Equal(q.GetProperty("lateResults").GetInt64(), metrics.Value("edgevision_reject_queue_late_results_total"));
        Assert.Equal(q.GetProperty("overflows").GetInt64(), metrics.Value("edgevision_reject_queue_overflows_total"));
        Assert.Equal(q.GetProperty("unknownResults").GetInt64(), metrics.Value("edgevision_reject_queue_unknown_results_total"));
        Assert.Equal(q.GetProperty("depth").GetInt64(), metrics.Value("edgevision_reject_queue_depth"));
        Assert.Equal("us", q.GetProperty("timingErrorUnit").GetString());
        Assert.Equal(q.GetProperty("timingErrorP50").GetDouble() * 1e-6, metrics.Value("edgevision_reject_queue_timing_error_p50_seconds"));
        Assert.Equal(q.GetProperty("timingErrorP99").GetDouble() * 1e-6, metrics.Value("edgevision_reject_queue_timing_error_p99_seconds"));
        Assert.Equal(q.GetProperty("timingErrorMax").GetDouble() * 1e-6, metrics.Value("edgevision_reject_queue_timing_error_max_seconds"));

        var mqtt = stats.GetProperty("mqtt");
        Assert.Equal(1, metrics.Value("edgevision_mqtt_connected"));
        Assert.True(mqtt.GetProperty("connected").GetBoolean());
        Assert.Equal(Parts, mqtt.GetProperty("published").GetInt64());
        Assert.Equal(mqtt.GetProperty("published").GetInt64(), metrics.Value("edgevision_mqtt_published_total"));
        Assert.Equal(mqtt.GetProperty("backlog").GetInt64(), metrics.Value("edgevision_mqtt_backlog"));
        Assert.Equal(mqtt.GetProperty("dropped").GetInt64(), metrics.Value("edgevision_mqtt_dropped_total"));
        Assert.Equal(mqtt.GetProperty("reconnects").GetInt64(), metrics.Value("edgevision_mqtt_reconnects_total"));
        await runtime.StopAsync(CancellationToken.None);
    }

    /// <summary>The stats and the metrics of one moment: taken again until the stats before and after the metrics agree.</summary>
    private static async Task<(JsonElement Stats, string Metrics)> QuietSnapshot(EdgeVisionRuntime runtime)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var before = WebEndpoints.StatsJson(runtime);
            var text = StationMetrics.Text(runtime);
            if (before.AsSpan().SequenceEqual(WebEndpoints.StatsJson(runtime)))
            {
                return (JsonDocument.Parse(before).RootElement, text);
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException("the station did not hold still for one snapshot in 50 attempts");
    }

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
