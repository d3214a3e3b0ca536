namespace EdgeVision.Mqtt.Connection;

/// <summary>The MQTT protocol version spoken to the broker.</summary>
public enum MqttProtocol
{
    /// <summary>MQTT 3.1.1 (protocol level 4): no reason codes, user properties or response topics.</summary>
    V311 = 4,

    /// <summary>MQTT 5.0: reason codes, user properties, response topic and correlation data, session expiry.</summary>
    V5 = 5,
}

/// <summary>
/// Where and how <see cref="MqttConnection"/> connects: broker address, identity, session, credentials, TLS and the
/// reconnect schedule. Check it with <see cref="Validate"/>; the connection refuses settings that have errors.
/// </summary>
public sealed record MqttConnectionSettings
{
    /// <summary>Broker host name or IP address.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Broker TCP port (1883 is usual without TLS, 8883 with it).</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Client identifier; must be unique per broker (a second client with the same id takes the session over).</summary>
    public string ClientId { get; init; } = "edgevision";

    /// <summary>Keep-alive period: the connection pings the broker this often, and the broker declares the client dead (publishing its will) after 1.5× this without traffic.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Whether each connection starts a fresh session (true) or resumes the broker's stored one (queued QoS 1/2 messages, subscriptions).</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>How long an MQTT 5 broker keeps a persistent session after the link drops (used when <see cref="CleanSession"/> is false; MQTT 3.1.1 brokers keep it by their own rule).</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Protocol version; MQTT 5 by default.</summary>
    public MqttProtocol ProtocolVersion { get; init; } = MqttProtocol.V5;

    /// <summary>User name for the broker; null or empty to connect without credentials.</summary>
    public string? Username { get; init; }

    /// <summary>Password for <see cref="Username"/>.</summary>
    public string? Password { get; init; }

    /// <summary>Transport security; off by default.</summary>
    public MqttTlsSettings Tls { get; init; } = new();

    /// <summary>Shortest wait before a reconnect attempt; the wait doubles per failed attempt (with jitter) up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest wait between reconnect attempts (the cap of the exponential backoff).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connect (TCP, TLS handshake, CONNACK), a ping or an acknowledgement may take before the link counts as dead.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Received messages waiting for their handlers; beyond this the oldest are dropped, counted and logged.</summary>
    public int InboundCapacity { get; init; } = 1024;

    /// <summary>"host:port", for log lines.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>
    /// Every problem of these settings as a sentence naming the setting (and the file, for missing or unreadable
    /// certificate files); empty when they are usable. Certificate files are read to check them.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add("Host is empty: name the MQTT broker (host name or IP address).");
        }

        if (Port is < 1 or > 65535)
        {
            errors.Add($"Port {Port} is outside 1-65535.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            errors.Add("ClientId is empty: the broker needs a client identifier to keep a session and a last will.");
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(ClientId) > 65535)
        {
            errors.Add("ClientId is longer than 65535 bytes (UTF-8).");
        }

        if (KeepAlive < TimeSpan.FromSeconds(1) || KeepAlive > TimeSpan.FromSeconds(65535))
        {
            errors.Add($"KeepAlive {KeepAlive} is outside 1 s to 65535 s (dead links are detected by pinging every keep-alive period).");
        }

        if (!CleanSession && ProtocolVersion == MqttProtocol.V5 && (SessionExpiry < TimeSpan.FromSeconds(1) || SessionExpiry.TotalSeconds > uint.MaxValue))
        {
            errors.Add($"SessionExpiry {SessionExpiry} is outside 1 s to {uint.MaxValue} s; a persistent MQTT 5 session needs one.");
        }

        if (ProtocolVersion is not (MqttProtocol.V311 or MqttProtocol.V5))
        {
            errors.Add($"ProtocolVersion {(int)ProtocolVersion} is not supported: use 3.1.1 or 5.");
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            errors.Add("Password is set but Username is empty: MQTT sends a password only with a user name.");
        }

        if (MinReconnectDelay <= TimeSpan.Zero)
        {
            errors.Add($"MinReconnectDelay {MinReconnectDelay} must be positive.");
        }

        if (MaxReconnectDelay < MinReconnectDelay)
        {
            errors.Add($"MaxReconnectDelay {MaxReconnectDelay} is shorter than MinReconnectDelay {MinReconnectDelay}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ConnectTimeout {ConnectTimeout} must be positive.");
        }

        if (Tls is null)
        {
            errors.Add("Tls is null: leave it at its default to connect without TLS.");
        }
        else
        {
            Tls.AddErrors(errors);
        }

        return errors;
    }
}
