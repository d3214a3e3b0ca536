using System.Text.Json.Nodes;

namespace EdgeVision.Service.Tests.Configuration;

public class RejectQueueSettingsTests
{
    [Fact]
    public void An_encoder_reject_queue_is_read_with_its_distance_margin_and_fail_safe()
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            var gpio = json["gpio"]!.AsObject();
            gpio["lines"] = JsonNode.Parse("""{ "trigger": { "offset": 27 }, "encoder-a": { "offset": 22 }, "encoder-b": { "offset": 23 } }""");
            gpio["encoder"] = new JsonObject { ["countsPerMm"] = 8 };
            gpio["rejectQueue"] = new JsonObject { ["mode"] = "encoder", ["distanceMm"] = 350, ["decisionMarginMm"] = 20, ["failSafe"] = "pass", ["capacity"] = 32 };
        });

        Assert.Empty(errors);
        var q = settings!.Gpio.RejectQueue!;
        Assert.Equal((true, 350.0, 20.0, "pass", 32), (q.EncoderMode, q.DistanceMm, q.DecisionMarginMm, q.FailSafe, q.Capacity));
        Assert.Equal(8, settings.Gpio.CountsPerMm);
    }

    [Fact]
    public void A_reject_queue_without_its_trigger_or_encoder_lines_is_reported()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json =>
            json["gpio"]!["rejectQueue"] = new JsonObject { ["mode"] = "encoder", ["distanceMm"] = 350 });

        Assert.Contains(errors, e => e.StartsWith("gpio.rejectQueue.mode: 'encoder' needs gpio.encoder.countsPerMm", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("gpio.rejectQueue: needs the input line trigger", StringComparison.Ordinal));
    }

    [Fact]
    public void A_time_queue_needs_its_delay()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            json["gpio"]!["lines"] = JsonNode.Parse("""{ "trigger": { "offset": 27 } }""");
            json["gpio"]!["rejectQueue"] = new JsonObject { ["mode"] = "time" };
        });

        Assert.Equal(["gpio.rejectQueue.delayMs: is required in time mode (from the trigger edge to the reject gate)"], errors);
    }
}
