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

        var errorsBefore = s.Errors.All.Count;
        var (host, brokerPort) = ReadBroker(s);
        var embeddedPort = s.WholeNumber("embeddedPort", d.Port, 1, 65535);
        var tls = ReadTls(s.Section("tls"), baseDirectory);
        var protocol = s.Choice("protocol", "5", "5", "3.1.1");
        var reconnect = s.Section("reconnect");
        var settings = d with
        {
            BrokerHost = host,

            // A broker without a port gets MQTT's registered one: 8883 with TLS, 1883 without.
            Port = host is null ? embeddedPort : brokerPort ?? (tls.Enabled ? 8883 : 1883),
            ClientId = OptionalText(s, "clientId"),
            TopicPrefix = s.Text("topicPrefix", d.TopicPrefix)!,

            // Whole seconds: MQTT sends the keep-alive as whole seconds, and pings must come at the same period.
            KeepAlive = TimeSpan.FromSeconds(s.WholeNumber("keepAliveSeconds", (int)d.KeepAlive.TotalSeconds, 1, 3600)),
            QueueCapacity = s.WholeNumber("queueCapacity", d.QueueCapacity, 1, 10_000_000),
            Protocol = protocol == "3.1.1" ? MqttProtocol.V311 : MqttProtocol.V5,
            CleanSession = s.Bool("cleanSession", d.CleanSession),
            Username = OptionalText(s, "username"),
            Password = ReadPassword(s, baseDirectory),
            Tls = tls,
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

        CheckCredentials(s, settings);
        foreach (var level in settings.TopicPrefix.Split('/'))
        {
            CheckName(s, "topicPrefix", level);
        }

        s.RejectUnknownKeys();
        AddRemainingProblems(s, errorsBefore, settings.ToConnectionSettings().Validate());
        return settings;
    }

    /// <summary>
    /// Adds what a settings type's own validation finds, at the section's path, only when the key checks found
    /// nothing: they name the key, and these sentences would repeat the same problem less precisely.
    /// </summary>
    private static void AddRemainingProblems(JsonSection s, int errorsBefore, IReadOnlyList<string> problems)
    {
        if (s.Errors.All.Count != errorsBefore)
        {
            return;
        }

        foreach (var problem in problems)
        {
            s.Errors.Add(s.Path, problem);
        }
    }

    private static OutboxOptions ReadOutbox(JsonSection? s, OutboxOptions d)
    {
        if (s is null)
        {
            return d;
        }

        var options = d with
        {
            Path = OptionalText(s, "path") ?? d.Path,
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

        var errorsBefore = s.Errors.All.Count;
        var commands = d with
        {
            Enabled = s.Bool("enabled", d.Enabled),
            AllowedVerbs = ReadVerbs(s),
            MaxPayloadBytes = s.WholeNumber("maxPayloadBytes", d.MaxPayloadBytes, 16, 16 * 1024 * 1024),
        };
        s.RejectUnknownKeys();
        AddRemainingProblems(s, errorsBefore, commands.Validate());
        return commands;
    }

    /// <summary>Reads <c>verbs</c>: null (every verb) when absent; each entry must be a known verb.</summary>
    private static HashSet<string>? ReadVerbs(JsonSection s)
    {
        if (!s.Has("verbs"))
        {
            return null;
        }

        var errorsBefore = s.Errors.All.Count;
        var verbs = s.Strings("verbs");
        foreach (var verb in verbs)
        {
            if (!CommandVerbs.IsKnown(verb))
            {
                s.Errors.Add(s.PathOf("verbs"), $"unknown verb '{verb}'; known verbs: {string.Join(", ", CommandVerbs.All)}");
            }
        }

        if (verbs.Count == 0 && s.Errors.All.Count == errorsBefore)
        {
            s.Errors.Add(s.PathOf("verbs"), "is empty, which would refuse every command: set mqtt.commands.enabled to false to switch commands off");
        }

        return new HashSet<string>(verbs, StringComparer.Ordinal);
    }

    private static HomeAssistantOptions ReadHomeAssistant(JsonSection? s, HomeAssistantOptions d)
    {
        if (s is null)
        {
            return d;
        }

        var errorsBefore = s.Errors.All.Count;
        var options = d with
        {
            Enabled = s.Bool("enabled", true),
            DiscoveryPrefix = s.Text("discoveryPrefix", d.DiscoveryPrefix)!,
            DeviceName = OptionalText(s, "deviceName"),
            Model = OptionalText(s, "model") ?? d.Model,
        };
        var prefix = options.DiscoveryPrefix;
        if (prefix.Length == 0 || prefix.StartsWith('/') || prefix.EndsWith('/') || prefix.Split('/').Any(level => level.Length == 0 || level.IndexOfAny(['+', '#', '\0']) >= 0))
        {
            s.Errors.Add(s.PathOf("discoveryPrefix"), $"'{prefix}' must be topic levels separated by '/', without wildcards (+ #) or empty levels");
        }

        s.RejectUnknownKeys();
        AddRemainingProblems(s, errorsBefore, options.Validate());
        return options;
    }

    private static SparkplugSettings ReadSparkplug(JsonSection? s, SparkplugSettings d, string device)
    {
        if (s is null)
        {
            return d;
        }

        var errorsBefore = s.Errors.All.Count;
        var settings = d with
        {
            Enabled = s.Bool("enabled", true),
            GroupId = SparkplugId(s, "groupId") ?? d.GroupId,
            EdgeNodeId = SparkplugId(s, "edgeNodeId"),
            PrimaryHostId = SparkplugId(s, "primaryHostId"),
            BdSeqFile = OptionalText(s, "bdSeqFile") ?? d.BdSeqFile,
        };
        s.RejectUnknownKeys();
        AddRemainingProblems(s, errorsBefore, settings.Validate(device));
        return settings;
    }

    /// <summary>A Sparkplug id key (group, edge node, primary host): null when absent, an error naming the key when Sparkplug cannot use it.</summary>
    private static string? SparkplugId(JsonSection s, string key)
    {
        var id = s.Text(key, null);
        if (id is not null && SparkplugSettings.ProblemWithId(id) is { } problem)
        {
            s.Errors.Add(s.PathOf(key), problem);
        }

        return id;
    }
}
