using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt;
using EdgeVision.Mqtt.Commands;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.HomeAssistant;
using EdgeVision.Mqtt.Images;
using EdgeVision.Mqtt.Outbox;
using EdgeVision.Mqtt.Sparkplug;
using MQTTnet.Protocol;

namespace EdgeVision.Service.Configuration;

/// <content>The <c>mqtt</c> section: broker, security, outbox, images, commands and the integrations.</content>
public static partial class ServiceSettingsLoader
{
    private static MqttSettings ReadMqtt(JsonSection? s, string device, string baseDirectory)
    {
        var d = new MqttSettings { Device = device };
        if (s is null)
        {
            return d;
        }

        var broker = s.Text("broker", null);
        string? host = null;
        var port = d.Port;
        if (!string.IsNullOrEmpty(broker))
        {
            var colon = broker.LastIndexOf(':');
            host = colon > 0 ? broker[..colon] : broker;
            if (colon > 0 && (!int.TryParse(broker[(colon + 1)..], out port) || port is < 1 or > 65535))
            {
                s.Errors.Add(s.PathOf("broker"), $"'{broker}' is not host or host:port with a port from 1 to 65535");
            }
            else if (colon <= 0)
            {
                port = s.Section("tls") is { } tlsSection && tlsSection.Bool("enabled", true) ? 8883 : 1883;
            }
        }

        var protocol = s.Choice("protocol", "5", "5", "3.1.1");
        var reconnect = s.Section("reconnect");
        var settings = d with
        {
            BrokerHost = host,
            Port = host is null ? s.WholeNumber("embeddedPort", d.Port, 1, 65535) : port,
            ClientId = s.Text("clientId", null),
            TopicPrefix = s.Text("topicPrefix", d.TopicPrefix)!,
            KeepAlive = TimeSpan.FromSeconds(s.Number("keepAliveSeconds", d.KeepAlive.TotalSeconds, 1, 3600)),
            QueueCapacity = s.WholeNumber("queueCapacity", d.QueueCapacity, 1, 10_000_000),
            Protocol = protocol == "3.1.1" ? MqttProtocol.V311 : MqttProtocol.V5,
            CleanSession = s.Bool("cleanSession", d.CleanSession),
            Username = s.Text("username", null),
            Password = ReadPassword(s, baseDirectory),
            Tls = ReadTls(s.Section("tls"), baseDirectory),
            QualityOfService = s.WholeNumber("qos", 1, 1, 2) == 2 ? MqttQualityOfServiceLevel.ExactlyOnce : MqttQualityOfServiceLevel.AtLeastOnce,
            MinReconnectDelay = reconnect is null ? d.MinReconnectDelay : TimeSpan.FromMilliseconds(reconnect.Number("minMs", d.MinReconnectDelay.TotalMilliseconds, 10, 600_000)),
            MaxReconnectDelay = reconnect is null ? d.MaxReconnectDelay : TimeSpan.FromMilliseconds(reconnect.Number("maxMs", d.MaxReconnectDelay.TotalMilliseconds, 10, 3_600_000)),
            StatsInterval = TimeSpan.FromSeconds(s.Number("statsIntervalSeconds", d.StatsInterval.TotalSeconds, 0.1, 86_400)),
            Outbox = ReadOutbox(s.Section("outbox"), d.Outbox),
            BacklogOrder = s.Choice("backlog", "first", "first", "interleaved") == "interleaved" ? BacklogOrder.Interleaved : BacklogOrder.First,
            Images = ReadImages(s.Section("images"), d.Images),
            Commands = ReadCommands(s.Section("commands"), d.Commands),
            HomeAssistant = ReadHomeAssistant(s.Section("homeAssistant"), d.HomeAssistant),
            Sparkplug = ReadSparkplug(s.Section("sparkplug"), d.Sparkplug, device),
        };
        reconnect?.RejectUnknownKeys();
        if (settings.MinReconnectDelay > settings.MaxReconnectDelay)
        {
            s.Errors.Add(s.PathOf("reconnect"), $"minMs ({settings.MinReconnectDelay.TotalMilliseconds}) must not exceed maxMs ({settings.MaxReconnectDelay.TotalMilliseconds})");
        }

        if (host is not null)
        {
            s.WholeNumber("embeddedPort", d.Port, 1, 65535);
        }
        else if (settings.Tls.Enabled || settings.Username is not null)
        {
            s.Errors.Add(s.PathOf("broker"), "TLS and credentials need a broker: the embedded broker listens on loopback without them");
        }

        foreach (var level in settings.TopicPrefix.Split('/'))
        {
            CheckName(s, "topicPrefix", level);
        }

        if (host is not null)
        {
            foreach (var problem in settings.ToConnectionSettings().Validate())
            {
                s.Errors.Add(s.Path.Length == 0 ? "mqtt" : s.Path, problem);
            }
        }

        s.RejectUnknownKeys();
        return settings;
    }

    private static string? ReadPassword(JsonSection s, string baseDirectory)
    {
        var password = s.Text("password", null);
        var file = s.Text("passwordFile", null);
        if (file is null)
        {
            return password;
        }

        if (password is not null)
        {
            s.Errors.Add(s.PathOf("passwordFile"), "give either password or passwordFile, not both");
        }

        var path = Path.GetFullPath(file, baseDirectory);
        try
        {
            return File.ReadAllText(path).TrimEnd('\r', '\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            s.Errors.Add(s.PathOf("passwordFile"), $"cannot read '{path}': {e.Message}");
            return null;
        }
    }

    private static MqttTlsSettings ReadTls(JsonSection? s, string baseDirectory)
    {
        if (s is null)
        {
            return new MqttTlsSettings();
        }

        string? FileKey(string key) => s.Text(key, null) is { } f ? Path.GetFullPath(f, baseDirectory) : null;
        var tls = new MqttTlsSettings
        {
            Enabled = s.Bool("enabled", true),
            CaFile = FileKey("caFile"),
            ClientCertFile = FileKey("certFile"),
            ClientKeyFile = FileKey("keyFile"),
            ServerName = s.Text("serverName", null),
            AllowInsecure = s.Bool("allowInsecure", false),
        };
        s.RejectUnknownKeys();
        return tls;
    }

    private static OutboxOptions ReadOutbox(JsonSection? s, OutboxOptions d)
    {
        if (s is null)
        {
            return d;
        }

        var options = d with
        {
            Path = s.Text("path", d.Path)!,
            MaxBytes = (long)(s.Number("maxMegabytes", d.MaxBytes / 1048576.0, 1, 1_000_000) * 1048576),
            MaxAge = TimeSpan.FromHours(s.Number("maxAgeHours", d.MaxAge.TotalHours, 0.01, 24 * 3650)),
            Durability = s.Choice("durability", "normal", "normal", "full") == "full" ? OutboxDurability.Full : OutboxDurability.Normal,
        };
        s.RejectUnknownKeys();
        return options;
    }

    private static PartImageSettings ReadImages(JsonSection? s, PartImageSettings d)
    {
        if (s is null)
        {
            return d;
        }

        var images = d with
        {
            Failed = s.Bool("failed", d.Failed),
            EveryNth = s.WholeNumber("everyNth", d.EveryNth, 0, 1_000_000),
            MaxWidth = s.WholeNumber("maxWidth", d.MaxWidth, 16, 16384),
            JpegQuality = s.WholeNumber("jpegQuality", d.JpegQuality, 1, 100),
            Overlay = s.Bool("overlay", d.Overlay),
        };
        s.RejectUnknownKeys();
        return images;
    }

    private static CommandSettings ReadCommands(JsonSection? s, CommandSettings d)
    {
        if (s is null)
        {
            return d;
        }

        var verbs = s.Contains("verbs") ? s.Strings("verbs") : null;
        var commands = d with
        {
            Enabled = s.Bool("enabled", d.Enabled),
            AllowedVerbs = verbs is null ? null : new HashSet<string>(verbs, StringComparer.Ordinal),
            MaxPayloadBytes = s.WholeNumber("maxPayloadBytes", d.MaxPayloadBytes, 16, 16 * 1024 * 1024),
        };
        foreach (var problem in commands.Validate())
        {
            s.Errors.Add(s.Path, problem);
        }

        s.RejectUnknownKeys();
        return commands;
    }

    private static HomeAssistantOptions ReadHomeAssistant(JsonSection? s, HomeAssistantOptions d)
    {
        if (s is null)
        {
            return d;
        }

        var options = d with
        {
            Enabled = s.Bool("enabled", true),
            DiscoveryPrefix = s.Text("discoveryPrefix", d.DiscoveryPrefix)!,
            DeviceName = s.Text("deviceName", d.DeviceName),
            Model = s.Text("model", d.Model)!,
        };
        foreach (var problem in options.Validate())
        {
            s.Errors.Add(s.Path, problem);
        }

        s.RejectUnknownKeys();
        return options;
    }

    private static SparkplugSettings ReadSparkplug(JsonSection? s, SparkplugSettings d, string device)
    {
        if (s is null)
        {
            return d;
        }

        var settings = d with
        {
            Enabled = s.Bool("enabled", true),
            GroupId = s.Text("groupId", d.GroupId)!,
            EdgeNodeId = s.Text("edgeNodeId", d.EdgeNodeId),
            PrimaryHostId = s.Text("primaryHostId", d.PrimaryHostId),
            BdSeqFile = s.Text("bdSeqFile", d.BdSeqFile)!,
        };
        foreach (var problem in settings.Validate(device))
        {
            s.Errors.Add(s.Path, problem);
        }

        s.RejectUnknownKeys();
        return settings;
    }
}
