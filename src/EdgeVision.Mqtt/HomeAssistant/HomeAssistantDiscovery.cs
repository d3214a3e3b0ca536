using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.HomeAssistant;

/// <summary>
/// Builds Home Assistant MQTT discovery messages for a station: one device (the station) with a connectivity binary
/// sensor bound to the status topic and, per camera, sensors read from the camera's retained stats topic (yield, pass
/// and fail counts, last verdict, average cycle time) and buttons publishing the trigger and reset-counters commands.
/// Configurations are retained on <c>&lt;prefix&gt;/&lt;component&gt;/&lt;station&gt;/&lt;object&gt;/config</c>; the
/// removal of an entity is an empty retained payload on the same topic. Transport-agnostic: it returns messages.
/// </summary>
public sealed partial class HomeAssistantDiscovery
{
    private readonly HomeAssistantOptions _options;
    private readonly TopicScheme _topics;
    private readonly string _station;
    private readonly string _version;
    private readonly string _node;

    /// <summary>
    /// Creates the builder for station <paramref name="station"/> running EdgeVision <paramref name="softwareVersion"/>,
    /// whose EdgeVision topics are <paramref name="topics"/>; throws <see cref="ArgumentException"/> listing every problem
    /// with the options.
    /// </summary>
    public HomeAssistantDiscovery(HomeAssistantOptions options, TopicScheme topics, string station, string softwareVersion)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _topics = topics ?? throw new ArgumentNullException(nameof(topics));
        ArgumentException.ThrowIfNullOrEmpty(station);
        ArgumentNullException.ThrowIfNull(softwareVersion);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _station = station;
        _version = softwareVersion;
        _node = TopicId(station);
    }

    /// <summary>Home Assistant's own status topic: it publishes <c>online</c> there when it starts, the moment to publish the configurations again.</summary>
    public string HomeAssistantStatusTopic => $"{_options.DiscoveryPrefix}/status";

    /// <summary>The device identifier every entity's device block carries (one device per station).</summary>
    public string DeviceIdentifier => $"edgevision_{_node}";

    /// <summary>The retained configuration of every entity: the station's, then each camera's.</summary>
    public IReadOnlyList<DiscoveryMessage> Configurations(IEnumerable<string> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        return [.. Entities(cameras).Select(e => new DiscoveryMessage(ConfigTopic(e), Json(e), MqttQualityOfServiceLevel.AtLeastOnce, Retain: true))];
    }

    /// <summary>The messages removing every entity of the station and of <paramref name="cameras"/> (discovery switched off).</summary>
    public IReadOnlyList<DiscoveryMessage> Removals(IEnumerable<string> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        return [.. Entities(cameras).Select(Removal)];
    }

    /// <summary>The messages removing the entities of one camera (the camera was removed from the configuration).</summary>
    public IReadOnlyList<DiscoveryMessage> CameraRemovals(string camera) => [.. CameraEntities(camera).Select(Removal)];

    /// <summary>
    /// What to publish when the camera list changes from <paramref name="before"/> to <paramref name="after"/>: the
    /// removals of the cameras gone, then the configurations of every entity now (publishing a configuration again is harmless).
    /// </summary>
    public IReadOnlyList<DiscoveryMessage> Changes(IEnumerable<string> before, IEnumerable<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        var now = after?.ToList() ?? throw new ArgumentNullException(nameof(after));
        var gone = before.Where(c => !now.Contains(c, StringComparer.Ordinal)).SelectMany(CameraRemovals);
        return [.. gone, .. Configurations(now)];
    }

    /// <summary>True when a message is Home Assistant announcing it is online (then publish <see cref="Configurations"/> again).</summary>
    public bool IsHomeAssistantOnline(string topic, ReadOnlySpan<byte> payload) =>
        topic == HomeAssistantStatusTopic && payload.SequenceEqual("online"u8);

    /// <summary>
    /// A topic level Home Assistant accepts in discovery topics (letters, digits, <c>_</c>, <c>-</c>): the name itself when
    /// it is one, otherwise the name with other characters replaced by <c>_</c> and a short hash of the original, so
    /// that two names never share an id.
    /// </summary>
    public static string TopicId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        if (name.Length > 0 && clean.ToString() == name)
        {
            return name;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return $"{clean}_{Convert.ToHexStringLower(hash.AsSpan(0, 4))}";
    }

    private string ConfigTopic(Entity e) => $"{_options.DiscoveryPrefix}/{e.Component}/{_node}/{e.ObjectId}/config";

    private DiscoveryMessage Removal(Entity e) => new(ConfigTopic(e), [], MqttQualityOfServiceLevel.AtLeastOnce, Retain: true);

    private byte[] Json(Entity e)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            w.WriteString("unique_id", $"{DeviceIdentifier}_{e.ObjectId}");
            e.Write(w);
            if (e.Available)
            {
                w.WriteStartArray("availability");
                w.WriteStartObject();
                w.WriteString("topic", _topics.Status);
                w.WriteString("value_template", StateTemplate);
                w.WriteString("payload_available", "online");
                w.WriteString("payload_not_available", "offline");
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteNumber("qos", 1);
            w.WriteStartObject("device");
            w.WriteStartArray("identifiers");
            w.WriteStringValue(DeviceIdentifier);
            w.WriteEndArray();
            w.WriteString("name", _options.DeviceName ?? $"EdgeVision {_station}");
            w.WriteString("manufacturer", "EdgeVision");
            w.WriteString("model", _options.Model);
            w.WriteString("sw_version", _version);
            if (_options.ConfigurationUrl is { } url)
            {
                w.WriteString("configuration_url", url.AbsoluteUri);
            }

            w.WriteEndObject();
            w.WriteStartObject("origin");
            w.WriteString("name", "EdgeVision");
            w.WriteString("sw_version", _version);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
