using EdgeVision.Mqtt.Commands;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.HomeAssistant;
using EdgeVision.Mqtt.Images;
using EdgeVision.Mqtt.Outbox;
using EdgeVision.Mqtt.Sparkplug;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt;

/// <summary>How backlog (results kept while the broker was away) is delivered once the link is back.</summary>
public enum BacklogOrder
{
    /// <summary>All of the backlog, in sequence order, before any live result.</summary>
    First,

    /// <summary>Backlog and live results alternate, so dashboards see the present while history catches up.</summary>
    Interleaved,
}

/// <summary>Where and how to connect to the broker, what to publish, and the integrations switched on.</summary>
public sealed record MqttSettings
{
    /// <summary>Broker host; null means "start the embedded broker and use it".</summary>
    public string? BrokerHost { get; init; }

    /// <summary>Broker TCP port (also the embedded broker's port).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Client identifier; defaults to <c>edgevision-&lt;device&gt;</c>.</summary>
    public string? ClientId { get; init; }

    /// <summary>Station name, the second level of every topic.</summary>
    public string Device { get; init; } = "station-1";

    /// <summary>First level of every topic.</summary>
    public string TopicPrefix { get; init; } = "edgevision";

    /// <summary>Keep-alive interval; the broker drops the session (and publishes the will) after 1.5× this without traffic.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>First reconnect delay; doubles per failure (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>MQTT 5 (default) or 3.1.1.</summary>
    public MqttProtocol Protocol { get; init; } = MqttProtocol.V5;

    /// <summary>Start each connection with a clean session (false keeps command subscriptions queued at the broker while away).</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>User name, or null for anonymous.</summary>
    public string? Username { get; init; }

    /// <summary>Password (from the config or the file named by <c>passwordFile</c>).</summary>
    public string? Password { get; init; }

    /// <summary>TLS settings.</summary>
    public MqttTlsSettings Tls { get; init; } = new();

    /// <summary>QoS of results: 1 (at least once, default) or 2 (exactly once at the broker).</summary>
    public MqttQualityOfServiceLevel QualityOfService { get; init; } = MqttQualityOfServiceLevel.AtLeastOnce;

    /// <summary>Results held in memory between the pipeline and the outbox; beyond this the oldest are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>The persisted outbox.</summary>
    public OutboxOptions Outbox { get; init; } = new();

    /// <summary>How the backlog is delivered after an outage.</summary>
    public BacklogOrder BacklogOrder { get; init; } = BacklogOrder.First;

    /// <summary>How often each camera's <c>stats</c> (and the status birth payload) are published.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Part images on the <c>image</c> topic.</summary>
    public PartImageSettings Images { get; init; } = new();

    /// <summary>The <c>cmd/&lt;verb&gt;</c> commands.</summary>
    public CommandSettings Commands { get; init; } = new();

    /// <summary>Home Assistant MQTT discovery (off by default).</summary>
    public HomeAssistantOptions HomeAssistant { get; init; } = new();

    /// <summary>Sparkplug B (off by default).</summary>
    public SparkplugSettings Sparkplug { get; init; } = new();

    /// <summary>The connection settings these describe; <paramref name="clientIdSuffix"/> names a second connection (Sparkplug).</summary>
    public MqttConnectionSettings ToConnectionSettings(string clientIdSuffix = "") => new()
    {
        Host = BrokerHost ?? "127.0.0.1",
        Port = Port,
        ClientId = (ClientId ?? $"edgevision-{Device}") + clientIdSuffix,
        KeepAlive = KeepAlive,
        CleanSession = CleanSession,
        ProtocolVersion = Protocol,
        Username = Username,
        Password = Password,
        Tls = Tls,
        MinReconnectDelay = MinReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
    };
}
