using System.Text.Json.Nodes;
using EdgeVision.Gpio.Lines;
using EdgeVision.Service.Configuration;

namespace EdgeVision.Service.Tests.Configuration;

public class GpioLinesSettingsTests
{
    [Fact]
    public void The_shipped_outputs_reject_form_becomes_the_reject_line_with_default_tower_and_handshake()
    {
        var settings = ServiceSettingsLoader.Load(RepositoryFiles.ShippedConfig);

        var line = Assert.Single(settings.Gpio.Lines);
        Assert.Equal(LineSettings.Output("reject", "gpiochip0", 17, activeLow: false, initial: false, safe: false), line);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.Gpio.PulseWidths["reject"]);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Gpio.Tower.BlinkPeriod);
        Assert.Equal(5, settings.Gpio.Tower.ConsecutiveRejects);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.Gpio.Handshake.ResultValidWidth);
        Assert.Equal(TimeSpan.FromMilliseconds(5), settings.Gpio.Handshake.SetupTime);
    }

    [Fact]
    public void Named_lines_are_read_with_their_chip_direction_bias_and_levels()
    {
        var (settings, errors) = Parse(gpio =>
        {
            gpio["lines"] = Lines(
                """
                {
                  "reject": { "chip": "gpiochip0", "offset": 22, "activeLow": true, "initial": false, "safe": true, "pulseMs": 80 },
                  "trigger": { "offset": 27, "bias": "pullUp", "activeLow": true },
                  "encoder-a": { "chip": "/dev/gpiochip1", "offset": 5, "bias": "pullDown" },
                  "green": { "chip": "pinctrl-rp1", "offset": 6, "initial": true },
                  "recipe-bit0": { "chip": 2, "offset": 9 }
                }
                """);
            gpio["tower"] = new JsonObject { ["blinkMs"] = 400, ["consecutiveRejects"] = 3 };
            gpio["handshake"] = new JsonObject { ["resultValidMs"] = 20, ["setupMs"] = 2 };
        });

        Assert.Empty(errors);
        var gpio = settings!.Gpio;
        Assert.Equal(
            [
                LineSettings.Output("reject", "gpiochip0", 22, activeLow: true, initial: false, safe: true),
                LineSettings.Input("trigger", "gpiochip0", 27, activeLow: true, bias: LineBias.PullUp),
                LineSettings.Input("encoder-a", "gpiochip1", 5, bias: LineBias.PullDown),
                LineSettings.Output("green", "pinctrl-rp1", 6, initial: true),
                LineSettings.Input("recipe-bit0", "gpiochip2", 9),
            ],
            gpio.Lines);
        Assert.Equal(new OutputLineSettings("reject", 22, true, false, true, TimeSpan.FromMilliseconds(80)), gpio.Reject);
        Assert.Equal(TimeSpan.FromMilliseconds(400), gpio.Tower.BlinkPeriod);
        Assert.Equal(3, gpio.Tower.ConsecutiveRejects);
        Assert.Equal(TimeSpan.FromMilliseconds(20), gpio.Handshake.ResultValidWidth);
        Assert.Equal(TimeSpan.FromMilliseconds(2), gpio.Handshake.SetupTime);
    }

    [Fact]
    public void Lines_without_a_reject_line_keep_the_default_reject_output()
    {
        var (settings, errors) = Parse(gpio => gpio["lines"] = Lines("""{ "trigger": { "offset": 27 } }"""));

        Assert.Empty(errors);
        Assert.Equal(17, settings!.Gpio.Reject.Offset);
        Assert.Equal(["reject", "trigger"], settings.Gpio.Lines.Select(l => l.Name));
    }

    [Fact]
    public void An_unknown_line_name_is_reported_with_the_list_of_known_names()
    {
        var (_, errors) = Parse(gpio => gpio["lines"] = Lines("""{ "rejct": { "offset": 3 } }"""));

        var error = Assert.Single(errors);
        Assert.StartsWith("gpio.lines.rejct: unknown line; the known lines are reject, pass, alarm, red, yellow, green, ready, busy, result-valid, strobe, trigger,", error, StringComparison.Ordinal);
        Assert.EndsWith("recipe-strobe, recipe-bit0…recipe-bit15", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_lines_on_one_offset_of_one_chip_are_reported_with_both_names()
    {
        var (_, errors) = Parse(gpio => gpio["lines"] = Lines(
            """{ "trigger": { "offset": 27 }, "enable": { "chip": "/dev/gpiochip0", "offset": 27 }, "reset": { "chip": "gpiochip1", "offset": 27 } }"""));

        Assert.Equal(["gpio.lines.enable.offset: offset 27 of gpiochip0 is used by both 'trigger' and 'enable'"], errors);
    }

    [Fact]
    public void A_line_on_the_offset_of_the_old_reject_output_is_reported_with_both_names()
    {
        var (_, errors) = Parse(gpio => gpio["lines"] = Lines("""{ "trigger": { "offset": 17 } }"""));

        Assert.Equal(["gpio.lines.trigger.offset: offset 17 of gpiochip0 is used by both 'reject' and 'trigger'"], errors);
    }

    [Fact]
    public void An_input_with_a_safe_level_and_an_output_with_a_bias_are_reported()
    {
        var (_, errors) = Parse(gpio => gpio["lines"] = Lines(
            """{ "trigger": { "offset": 27, "initial": true, "safe": false }, "red": { "offset": 5, "bias": "pullUp" } }"""));

        Assert.Equal(
            [
                "gpio.lines.trigger.initial: 'trigger' is an input; only outputs have initial and safe levels",
                "gpio.lines.trigger.safe: 'trigger' is an input; only outputs have initial and safe levels",
                "gpio.lines.red.bias: 'red' is an output; only inputs have a bias",
            ],
            errors);
    }

    [Fact]
    public void The_reject_line_in_both_forms_is_reported()
    {
        var (_, errors) = Parse(gpio => gpio["lines"] = Lines("""{ "reject": { "offset": 4 } }"""), keepOutputs: true);

        Assert.Equal(["gpio.lines.reject: the reject line is also configured as gpio.outputs.reject; keep one of them"], errors);
    }

    [Theory]
    [InlineData("""{ "trigger": { } }""", "gpio.lines.trigger.offset: is required")]
    [InlineData("""{ "trigger": { "offset": 27, "bias": "up" } }""", "gpio.lines.trigger.bias:")]
    [InlineData("""{ "trigger": { "offset": 2000 } }""", "gpio.lines.trigger.offset: 2000 is out of range [0, 1023]")]
    [InlineData("""{ "trigger": { "offset": 27, "chip": "/dev/spidev0" } }""", "gpio.lines.trigger.chip: '/dev/spidev0' is not")]
    [InlineData("""{ "trigger": { "offset": 27, "pulseMs": 5 } }""", "gpio.lines.trigger.pulseMs: unknown key")]
    public void Bad_line_keys_are_reported_at_their_path(string lines, string expectedStart)
    {
        var (_, errors) = Parse(gpio => gpio["lines"] = Lines(lines));

        var error = Assert.Single(errors);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tower", "blinkMs", 10, "gpio.tower.blinkMs: 10 is out of range [50, 10000]")]
    [InlineData("tower", "consecutiveRejects", -1, "gpio.tower.consecutiveRejects: -1 is out of range [0, 1000000]")]
    [InlineData("handshake", "resultValidMs", 0, "gpio.handshake.resultValidMs: 0 is out of range [1, 10000]")]
    [InlineData("handshake", "setupMs", -1, "gpio.handshake.setupMs: -1 is out of range [0, 10000]")]
    public void Tower_and_handshake_timings_out_of_range_are_reported(string section, string key, int value, string expected)
    {
        var (_, errors) = Parse(gpio => gpio[section] = new JsonObject { [key] = value });

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void An_unknown_tower_key_is_reported()
    {
        var (_, errors) = Parse(gpio => gpio["tower"] = new JsonObject { ["blink"] = 300 });

        var error = Assert.Single(errors);
        Assert.StartsWith("gpio.tower.blink: unknown key", error, StringComparison.Ordinal);
    }

    private static JsonNode Lines(string json) => JsonNode.Parse(json)!;

    /// <summary>Parses the shipped config after editing its gpio section; named lines drop the old outputs form unless told.</summary>
    private static (ServiceSettings? Settings, IReadOnlyList<string> Errors) Parse(Action<JsonObject> editGpio, bool keepOutputs = false) =>
        ShippedConfigJson.ParseEdited(json =>
        {
            var gpio = json["gpio"]!.AsObject();
            editGpio(gpio);
            if (gpio["lines"] is JsonObject lines && lines.ContainsKey("reject") && !keepOutputs)
            {
                gpio.Remove("outputs");
            }
        });
}
