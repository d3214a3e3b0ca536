namespace EdgeVision.Mqtt;

/// <summary>Where and how to connect to the broker, and the topic prefix to publish under.</summary>
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

    /// <summary>First reconnect delay; doubles per failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Results held in memory while the broker is unreachable; beyond this the oldest are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 10_000;
}
