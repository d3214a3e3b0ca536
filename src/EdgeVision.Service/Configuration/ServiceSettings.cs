using EdgeVision.Acquisition.Replay;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Mqtt;

namespace EdgeVision.Service.Configuration;

/// <summary>One camera: its source, its recipe and the ring between them.</summary>
public sealed record CameraSettings(string Name, string Source, SyntheticConveyorOptions Synthetic, string RecipePath, Recipe Recipe, int RingCapacity)
{
    /// <summary>Reload the recipe when its file changes.</summary>
    public bool WatchRecipe { get; init; } = true;

    /// <summary>Free-running, or one frame per trigger after a delay.</summary>
    public TriggerSettings Trigger { get; init; } = new(false, TimeSpan.Zero);

    /// <summary>The recording played by a <c>replay</c> source (path resolved and checked at load); null for other sources.</summary>
    public ReplayCameraOptions? Replay { get; init; }
}

/// <summary>How a camera is triggered: <see cref="Triggered"/> takes one frame per trigger, <see cref="Delay"/> after it.</summary>
public sealed record TriggerSettings(bool Triggered, TimeSpan Delay);

/// <summary>One named output line.</summary>
public sealed record OutputLineSettings(string Name, int Offset, bool ActiveLow, bool Initial, bool Safe, TimeSpan PulseWidth);

/// <summary>GPIO driver choice and lines.</summary>
/// <param name="Driver">The driver to use.</param>
/// <param name="Chip">The gpiochip number of the driver.</param>
/// <param name="Reject">The reject output (from <c>gpio.lines.reject</c> or the older <c>gpio.outputs.reject</c>).</param>
public sealed record GpioSettings(GpioDriverKind Driver, int Chip, OutputLineSettings Reject)
{
    /// <summary>Every configured line by name, the reject output included, in the order of the file.</summary>
    public IReadOnlyList<LineSettings> Lines { get; init; } = [];

    /// <summary>Output pulse widths by line name (reject and pass).</summary>
    public IReadOnlyDictionary<string, TimeSpan> PulseWidths { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>Tower light blink period and reject limit.</summary>
    public TowerLightOptions Tower { get; init; } = new();

    /// <summary>PLC handshake timing.</summary>
    public HandshakeOptions Handshake { get; init; } = new();

    /// <summary>How long the <c>trigger</c> input must hold a new level before its edge counts.</summary>
    public TimeSpan TriggerDebounce { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Encoder counts per millimetre (×4 decoded); 0 when no encoder is configured.</summary>
    public double CountsPerMm { get; init; }

    /// <summary>Recipe files selected by the binary code on the recipe-bit lines, latched by recipe-strobe (paths resolved at load).</summary>
    public IReadOnlyDictionary<int, string> RecipeCodes { get; init; } = new Dictionary<int, string>();

    /// <summary>The timed reject queue; null rejects as soon as a part is judged.</summary>
    public RejectQueueSettings? RejectQueue { get; init; }
}

/// <summary>
/// The reject queue: act at trigger time + <see cref="Delay"/> (time mode) or trigger count + <see cref="DistanceMm"/>
/// (encoder mode); a part whose result is not there <see cref="DecisionMargin"/> (or <see cref="DecisionMarginMm"/>)
/// before its action gets <see cref="FailSafe"/> (<c>reject</c>, <c>pass</c> or <c>none</c>).
/// </summary>
public sealed record RejectQueueSettings(bool EncoderMode, TimeSpan Delay, double DistanceMm, TimeSpan DecisionMargin, double DecisionMarginMm, string FailSafe, int Capacity, TimeSpan PulseWidth);

/// <summary>The web page and HTTP API.</summary>
public sealed record WebSettings(bool Enabled, string Listen);

/// <summary>Systemd integration.</summary>
public sealed record SystemdSettings(TimeSpan WatchdogStallLimit);

/// <summary>The whole service configuration, validated: every value here has been range-checked.</summary>
public sealed record ServiceSettings
{
    /// <summary>Station name, used in topics and results.</summary>
    public required string Device { get; init; }

    /// <summary>The cameras and their recipes.</summary>
    public required IReadOnlyList<CameraSettings> Cameras { get; init; }

    /// <summary>GPIO driver and lines.</summary>
    public required GpioSettings Gpio { get; init; }

    /// <summary>Broker connection (embedded broker when <see cref="MqttSettings.BrokerHost"/> is null).</summary>
    public required MqttSettings Mqtt { get; init; }

    /// <summary>Web page settings.</summary>
    public required WebSettings Web { get; init; }

    /// <summary>Systemd settings.</summary>
    public required SystemdSettings Systemd { get; init; }

    /// <summary>
    /// Folder for the MQTT outbox and other state, from <c>dataDirectory</c> (a relative value is resolved against the
    /// configuration file's folder when loaded); null means systemd's <c>$STATE_DIRECTORY</c> when set, else <c>data</c>
    /// under the working directory (see <see cref="ResolveDataDirectory"/>).
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The data folder to use: <see cref="DataDirectory"/>, <c>$STATE_DIRECTORY</c>, or <c>./data</c>, as a full path.</summary>
    public string ResolveDataDirectory()
    {
        var state = Environment.GetEnvironmentVariable("STATE_DIRECTORY");
        var chosen = DataDirectory ?? (string.IsNullOrEmpty(state) ? "data" : state.Split(':')[0]);
        return Path.GetFullPath(chosen);
    }

    /// <summary>File the settings came from (for messages).</summary>
    public string? SourcePath { get; init; }
}
