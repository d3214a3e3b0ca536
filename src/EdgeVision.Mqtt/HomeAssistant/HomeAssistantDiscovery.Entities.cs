using System.Text.Json;

namespace EdgeVision.Mqtt.HomeAssistant;

/// <summary>The entities: what each reads (with its value template over the shared topic contract) or publishes.</summary>
public sealed partial class HomeAssistantDiscovery
{
    /// <summary>Reads <c>state</c> from the status JSON (<c>{"state":"online",…}</c>, the will <c>{"state":"offline"}</c>).</summary>
    private const string StateTemplate = "{{ value_json.state }}";

    private IEnumerable<Entity> Entities(IEnumerable<string> cameras)
    {
        // The connectivity sensor reads the status topic itself, so it carries no availability: bound to the same topic
        // it would turn "unavailable" exactly when it should say "off".
        yield return new Entity("binary_sensor", "online", "Online", Available: false, w =>
        {
            w.WriteString("state_topic", _topics.Status);
            w.WriteString("value_template", StateTemplate);
            w.WriteString("payload_on", "online");
            w.WriteString("payload_off", "offline");
            w.WriteString("device_class", "connectivity");
            w.WriteString("entity_category", "diagnostic");
        });

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var camera in cameras)
        {
            if (!seen.Add(camera))
            {
                throw new ArgumentException($"Camera '{camera}' is listed twice.", nameof(cameras));
            }

            foreach (var entity in CameraEntities(camera))
            {
                yield return entity;
            }
        }
    }

    private IEnumerable<Entity> CameraEntities(string camera)
    {
        ArgumentException.ThrowIfNullOrEmpty(camera);
        var id = TopicId(camera);
        var stats = _topics.Stats(camera);

        Action<Utf8JsonWriter> Sensor(string template, string? unit = null, string? stateClass = null, string? deviceClass = null, string? icon = null, int? precision = null) => w =>
        {
            w.WriteString("state_topic", stats);
            w.WriteString("value_template", template);
            if (unit is not null)
            {
                w.WriteString("unit_of_measurement", unit);
            }

            if (deviceClass is not null)
            {
                w.WriteString("device_class", deviceClass);
            }

            if (stateClass is not null)
            {
                w.WriteString("state_class", stateClass);
            }

            if (precision is { } p)
            {
                w.WriteNumber("suggested_display_precision", p);
            }

            if (icon is not null)
            {
                w.WriteString("icon", icon);
            }
        };

        Action<Utf8JsonWriter> Button(string verb, string icon, string? category) => w =>
        {
            w.WriteString("command_topic", _topics.Command(verb));
            w.WriteString("payload_press", CameraBody(camera));
            w.WriteBoolean("retain", false);
            w.WriteString("icon", icon);
            if (category is not null)
            {
                w.WriteString("entity_category", category);
            }
        };

        // The stats JSON: {"camera":…,"total":N,"pass":N,"fail":N,"yield":0.975,"cycleMs":{"min","avg","max","p99"},"lastVerdict":…}.
        // "pass" is read by subscript, not as an attribute. "None" is what Home Assistant takes as "no value" (yield and
        // cycle time before the first part).
        yield return new Entity("sensor", $"{id}_yield", $"{camera} yield", Available: true,
            Sensor("{{ (value_json.yield * 100) | round(2) if value_json.yield is number else none }}", "%", "measurement", icon: "mdi:percent", precision: 1));
        yield return new Entity("sensor", $"{id}_pass_count", $"{camera} pass count", Available: true,
            Sensor("{{ value_json['pass'] }}", stateClass: "total_increasing", icon: "mdi:check-circle-outline"));
        yield return new Entity("sensor", $"{id}_fail_count", $"{camera} fail count", Available: true,
            Sensor("{{ value_json['fail'] }}", stateClass: "total_increasing", icon: "mdi:close-circle-outline"));
        yield return new Entity("sensor", $"{id}_last_verdict", $"{camera} last verdict", Available: true,
            Sensor("{{ value_json.lastVerdict if value_json.lastVerdict is string else none }}", icon: "mdi:clipboard-check-outline"));
        yield return new Entity("sensor", $"{id}_cycle_time", $"{camera} cycle time", Available: true,
            Sensor("{{ value_json.cycleMs.avg if value_json.cycleMs is mapping and value_json.cycleMs.avg is number else none }}", "ms", "measurement", "duration", "mdi:timer-outline", 1));
        yield return new Entity("button", $"{id}_trigger", $"{camera} trigger", Available: true, Button("trigger", "mdi:camera-iris", null));
        yield return new Entity("button", $"{id}_reset_counters", $"{camera} reset counters", Available: true, Button("reset-counters", "mdi:counter", "config"));
    }

    /// <summary>The command body naming the camera, <c>{"camera":"cam1"}</c>, escaped as JSON.</summary>
    private static string CameraBody(string camera)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("camera", camera);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One entity: its platform, object id (unique within the station), name, whether it follows the station's availability, and its own fields.</summary>
    private sealed record Entity(string Component, string ObjectId, string Name, bool Available, Action<Utf8JsonWriter> Write);
}
