using System.Globalization;
using System.Text.Json;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;
using EdgeVision.Inspection.Settings;

namespace EdgeVision.Service.Configuration;

/// <content>
/// The <c>gpio</c> section: driver, named <c>lines</c> (or the older <c>outputs.reject</c>), <c>tower</c> and <c>handshake</c>.
/// </content>
public static partial class ServiceSettingsLoader
{
    private const int DefaultRejectOffset = 17;
    private static readonly TimeSpan DefaultPulse = TimeSpan.FromMilliseconds(50);

    private static JsonElement? LinesElement(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("gpio", out var gpio) && gpio.ValueKind == JsonValueKind.Object
        && gpio.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Object
            ? lines
            : null;

    private static GpioSettings ReadGpio(JsonSection? s, JsonElement? linesElement)
    {
        var defaultReject = new OutputLineSettings(WellKnownLines.Reject, DefaultRejectOffset, false, false, false, DefaultPulse);
        if (s is null)
        {
            return WithLines(new GpioSettings(GpioDriverKind.Simulated, 0, defaultReject), [(RejectLine(defaultReject, "gpiochip0"), string.Empty)], []);
        }

        var driverText = s.Choice("driver", "simulated", "simulated", "libgpiod", "libgpiod-v1", "libgpiod-v2", "sysfs", "auto");
        var driver = driverText switch
        {
            "libgpiod" => GpioDriverKind.Libgpiod,
            "libgpiod-v1" => GpioDriverKind.LibgpiodV1,
            "libgpiod-v2" => GpioDriverKind.LibgpiodV2,
            "sysfs" => GpioDriverKind.Sysfs,
            "auto" => GpioDriverKind.Auto,
            _ => GpioDriverKind.Simulated,
        };
        var chip = s.WholeNumber("chip", 0, 0, 64);
        var defaultChip = "gpiochip" + chip.ToString(CultureInfo.InvariantCulture);
        var lines = new List<(LineSettings Line, string Path)>();
        var pulses = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        OutputLineSettings? reject = null;
        if (s.Section("outputs") is { } outputs)
        {
            if (outputs.Section("reject") is { } r)
            {
                reject = new OutputLineSettings(
                    WellKnownLines.Reject,
                    r.WholeNumber("offset", DefaultRejectOffset, 0, 1023),
                    r.Bool("activeLow", false),
                    r.Bool("initial", false),
                    r.Bool("safe", false),
                    TimeSpan.FromMilliseconds(r.Number("pulseMs", 50, 1, 10_000)));
                r.RejectUnknownKeys();
                lines.Add((RejectLine(reject, defaultChip), r.Path));
            }

            outputs.RejectUnknownKeys();
        }

        if (s.Section("lines") is { } linesSection && linesElement is { } element)
        {
            ReadLines(linesSection, element, defaultChip, lines, pulses, ref reject);
        }

        if (reject is null)
        {
            reject = defaultReject;
            lines.Insert(0, (RejectLine(reject, defaultChip), string.Empty));
        }

        pulses[WellKnownLines.Reject] = reject.PulseWidth;
        CheckOffsets(s, lines);
        var settings = new GpioSettings(driver, chip, reject)
        {
            Tower = ReadTower(s.Section("tower")),
            Handshake = ReadHandshake(s.Section("handshake")),
            TriggerDebounce = TimeSpan.FromMilliseconds(s.Number("triggerDebounceMs", 1, 0, 1000)),
            CountsPerMm = s.Section("encoder") is { } enc ? ReadEncoder(enc) : 0,
            RejectQueue = s.Section("rejectQueue") is { } q ? ReadRejectQueue(q) : null,
            RecipeCodes = ReadRecipeCodes(s),
        };
        s.RejectUnknownKeys();
        CheckEncoder(s, settings, lines);
        return WithLines(settings, lines, pulses);
    }

    private static GpioSettings WithLines(GpioSettings settings, List<(LineSettings Line, string Path)> lines, Dictionary<string, TimeSpan> pulses)
    {
        pulses.TryAdd(WellKnownLines.Reject, settings.Reject.PulseWidth);
        return settings with { Lines = lines.ConvertAll(l => l.Line), PulseWidths = pulses };
    }

    private static LineSettings RejectLine(OutputLineSettings r, string chip) =>
        LineSettings.Output(r.Name, chip, r.Offset, r.ActiveLow, r.Initial, r.Safe);

    private static void ReadLines(
        JsonSection section,
        JsonElement element,
        string defaultChip,
        List<(LineSettings Line, string Path)> lines,
        Dictionary<string, TimeSpan> pulses,
        ref OutputLineSettings? reject)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            if (name.StartsWith('$') || !seen.Add(name))
            {
                continue; // "$comment"; a repeated key is read once, as JSON readers do
            }

            if (!WellKnownLines.TryGetDirection(name, out var direction))
            {
                section.Accept(name);
                section.Errors.Add(section.PathOf(name), $"unknown line; the known lines are {WellKnownLines.Description}");
                continue;
            }

            if (section.Section(name) is not { } l)
            {
                continue;
            }

            var line = ReadLine(l, property.Value, name, direction, defaultChip, pulses);
            if (name == WellKnownLines.Reject)
            {
                if (reject is not null)
                {
                    section.Errors.Add(section.PathOf(name), "the reject line is also configured as gpio.outputs.reject; keep one of them");
                    continue;
                }

                reject = new OutputLineSettings(name, line.Offset, line.ActiveLow, line.Initial, line.Safe, pulses.GetValueOrDefault(name, DefaultPulse));
                if (line.Chip != defaultChip)
                {
                    // The service opens one driver, on gpio.chip; a reject line on another chip would silently drive the wrong pin.
                    l.Errors.Add(l.PathOf("chip"), $"'{line.Chip}' differs from gpio.chip ({defaultChip}), which the reject output is driven on");
                }
            }

            lines.Add((line, l.Path));
        }

        section.RejectUnknownKeys();
    }

    private static LineSettings ReadLine(JsonSection l, JsonElement raw, string name, LineDirection direction, string defaultChip, Dictionary<string, TimeSpan> pulses)
    {
        var chip = ReadChip(l, raw, defaultChip);
        if (!l.Contains("offset"))
        {
            l.Errors.Add(l.PathOf("offset"), "is required");
        }

        var offset = l.WholeNumber("offset", 0, 0, 1023);
        var activeLow = l.Bool("activeLow", false);
        LineSettings line;
        if (direction == LineDirection.Output)
        {
            if (l.Contains("bias"))
            {
                l.Accept("bias");
                l.Errors.Add(l.PathOf("bias"), $"'{name}' is an output; only inputs have a bias");
            }

            line = LineSettings.Output(name, chip, offset, activeLow, l.Bool("initial", false), l.Bool("safe", false));
            if (name is WellKnownLines.Reject or WellKnownLines.Pass)
            {
                pulses[name] = TimeSpan.FromMilliseconds(l.Number("pulseMs", 50, 1, 10_000));
            }
        }
        else
        {
            foreach (var key in (ReadOnlySpan<string>)["initial", "safe"])
            {
                if (l.Contains(key))
                {
                    l.Accept(key);
                    l.Errors.Add(l.PathOf(key), $"'{name}' is an input; only outputs have initial and safe levels");
                }
            }

            var bias = l.Choice("bias", "none", "none", "pullUp", "pullDown") switch
            {
                "pullUp" => LineBias.PullUp,
                "pullDown" => LineBias.PullDown,
                _ => LineBias.None,
            };
            line = LineSettings.Input(name, chip, offset, activeLow, bias);
        }

        l.RejectUnknownKeys();
        return line;
    }

    private static string ReadChip(JsonSection l, JsonElement raw, string defaultChip)
    {
        if (raw.TryGetProperty("chip", out var value) && value.ValueKind == JsonValueKind.Number)
        {
            return "gpiochip" + l.WholeNumber("chip", 0, 0, 1023).ToString(CultureInfo.InvariantCulture);
        }

        var chip = l.Text("chip", defaultChip)!;
        if (GpioChipName.TryParseNumber(chip, out int number))
        {
            return "gpiochip" + number.ToString(CultureInfo.InvariantCulture);
        }

        if (chip.Length == 0 || chip.Length > 64 || chip.Contains('/', StringComparison.Ordinal) || chip.Any(char.IsWhiteSpace))
        {
            l.Errors.Add(l.PathOf("chip"), $"'{chip}' is not /dev/gpiochipN, gpiochipN, a chip number or a chip label");
        }

        return chip;
    }

    private static void CheckOffsets(JsonSection gpio, List<(LineSettings Line, string Path)> lines)
    {
        var owners = new Dictionary<(string Chip, int Offset), string>();
        foreach (var (line, path) in lines)
        {
            if (!owners.TryAdd((line.Chip, line.Offset), line.Name))
            {
                var where = path.Length == 0 ? gpio.PathOf("lines." + line.Name) : path;
                gpio.Errors.Add(
                    where + ".offset",
                    $"offset {line.Offset} of {line.Chip} is used by both '{owners[(line.Chip, line.Offset)]}' and '{line.Name}'");
            }
        }
    }

    private static Dictionary<int, string> ReadRecipeCodes(JsonSection s)
    {
        var codes = new Dictionary<int, string>();
        foreach (var entry in s.Sections("recipeSelect"))
        {
            var code = entry.WholeNumber("code", 0, 0, (1 << 16) - 1);
            var recipe = entry.Text("recipe", null, required: true);
            if (!entry.Has("code"))
            {
                entry.Errors.Add(entry.PathOf("code"), "is required");
            }
            else if (recipe is not null && !codes.TryAdd(code, recipe))
            {
                entry.Errors.Add(entry.PathOf("code"), $"{code} is used by another entry");
            }

            entry.RejectUnknownKeys();
        }

        return codes;
    }

    private static void CheckEncoder(JsonSection s, GpioSettings settings, List<(LineSettings Line, string Path)> lines)
    {
        if (settings.RecipeCodes.Count > 0 && !lines.Exists(l => l.Line.Name == WellKnownLines.RecipeStrobe))
        {
            s.Errors.Add(s.PathOf("recipeSelect"), "needs the input line recipe-strobe and at least one recipe-bitN line in gpio.lines");
        }

        var bits = lines.Where(l => WellKnownLines.RecipeBit(l.Line.Name) >= 0).Select(l => WellKnownLines.RecipeBit(l.Line.Name)).Order().ToList();
        for (var i = 0; i < bits.Count; i++)
        {
            if (bits[i] != i)
            {
                s.Errors.Add(s.PathOf("lines"), $"recipe-bit{i} is missing: recipe-select bits must run from recipe-bit0 without gaps");
                break;
            }
        }

        bool Has(string name) => lines.Exists(l => l.Line.Name == name);
        var hasLines = Has(WellKnownLines.EncoderA) && Has(WellKnownLines.EncoderB);
        if (settings.CountsPerMm > 0 && !hasLines)
        {
            s.Errors.Add(s.PathOf("encoder"), "needs the input lines encoder-a and encoder-b in gpio.lines");
        }

        if (settings.RejectQueue is { EncoderMode: true } && (settings.CountsPerMm <= 0 || !hasLines))
        {
            s.Errors.Add(s.PathOf("rejectQueue.mode"), "'encoder' needs gpio.encoder.countsPerMm and the input lines encoder-a and encoder-b");
        }

        if (settings.RejectQueue is not null && !Has(WellKnownLines.Trigger))
        {
            s.Errors.Add(s.PathOf("rejectQueue"), "needs the input line trigger in gpio.lines: parts enter the queue on its edges");
        }
    }

    private static double ReadEncoder(JsonSection s)
    {
        var counts = s.Number("countsPerMm", 1, 1e-6, 1e6);
        if (!s.Has("countsPerMm"))
        {
            s.Errors.Add(s.PathOf("countsPerMm"), "is required (encoder counts per millimetre of belt, after ×4 decoding)");
        }

        s.RejectUnknownKeys();
        return counts;
    }

    private static RejectQueueSettings ReadRejectQueue(JsonSection s)
    {
        var mode = s.Choice("mode", "time", "time", "encoder");
        var settings = new RejectQueueSettings(
            mode == "encoder",
            TimeSpan.FromMilliseconds(s.Number("delayMs", 0, 0, 600_000)),
            s.Number("distanceMm", 0, 0, 1_000_000),
            TimeSpan.FromMilliseconds(s.Number("decisionMarginMs", 10, 0, 600_000)),
            s.Number("decisionMarginMm", 5, 0, 1_000_000),
            s.Choice("failSafe", "reject", "reject", "pass", "none"),
            s.WholeNumber("capacity", 64, 1, 4096),
            TimeSpan.FromMilliseconds(s.Number("pulseMs", 50, 1, 10_000)));
        if (mode == "time" && !s.Has("delayMs"))
        {
            s.Errors.Add(s.PathOf("delayMs"), "is required in time mode (from the trigger edge to the reject gate)");
        }

        if (mode == "encoder" && !s.Has("distanceMm"))
        {
            s.Errors.Add(s.PathOf("distanceMm"), "is required in encoder mode (belt travel from the trigger sensor to the reject gate)");
        }

        s.RejectUnknownKeys();
        return settings;
    }

    private static TowerLightOptions ReadTower(JsonSection? s)
    {
        var d = new TowerLightOptions();
        if (s is null)
        {
            return d;
        }

        var options = d with
        {
            BlinkPeriod = TimeSpan.FromMilliseconds(s.Number("blinkMs", d.BlinkPeriod.TotalMilliseconds, 50, 10_000)),
            ConsecutiveRejects = s.WholeNumber("consecutiveRejects", d.ConsecutiveRejects, 0, 1_000_000),
        };
        s.RejectUnknownKeys();
        return options;
    }

    private static HandshakeOptions ReadHandshake(JsonSection? s)
    {
        var d = new HandshakeOptions();
        if (s is null)
        {
            return d;
        }

        var options = d with
        {
            ResultValidWidth = TimeSpan.FromMilliseconds(s.Number("resultValidMs", d.ResultValidWidth.TotalMilliseconds, 1, 10_000)),
            SetupTime = TimeSpan.FromMilliseconds(s.Number("setupMs", d.SetupTime.TotalMilliseconds, 0, 10_000)),
        };
        s.RejectUnknownKeys();
        return options;
    }
}
