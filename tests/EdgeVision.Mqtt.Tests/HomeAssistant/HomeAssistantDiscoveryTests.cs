using System.Text.Json;
using EdgeVision.Mqtt.HomeAssistant;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Tests.HomeAssistant;

/// <summary>Discovery configurations parsed as Home Assistant reads them, their templates rendered with Jinja2.</summary>
public sealed class HomeAssistantDiscoveryTests
{
    private static readonly TopicScheme Topics = new("edgevision", "station-1");

    private static HomeAssistantDiscovery Discovery(HomeAssistantOptions? options = null) =>
        new(options ?? new HomeAssistantOptions { Enabled = true }, Topics, "station-1", "1.2.3");

    private static JsonElement Parse(DiscoveryMessage m) => JsonDocument.Parse(m.Payload).RootElement;

    private static DiscoveryMessage Config(IReadOnlyList<DiscoveryMessage> all, string topic) => all.Single(m => m.Topic == topic);

    [Fact]
    public void Every_entity_is_configured_retained_on_its_discovery_topic_with_a_unique_id()
    {
        var messages = Discovery().Configurations(["cam1", "cam2"]);

        Assert.Equal(1 + (2 * 7), messages.Count);
        Assert.All(messages, m =>
        {
            Assert.True(m.Retain);
            Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, m.QualityOfService);
            Assert.False(m.IsRemoval);
            var levels = m.Topic.Split('/');
            Assert.Equal(5, levels.Length);
            Assert.Equal("homeassistant", levels[0]);
            Assert.Contains(levels[1], new[] { "sensor", "binary_sensor", "button" });
            Assert.Equal("station-1", levels[2]);
            Assert.Matches("^[a-zA-Z0-9_-]+$", levels[3]);
            Assert.Equal("config", levels[4]);
        });
        var ids = messages.Select(m => Parse(m).GetProperty("unique_id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(messages.Count, messages.Select(m => m.Topic).Distinct().Count());
        Assert.Contains("homeassistant/sensor/station-1/cam2_yield/config", messages.Select(m => m.Topic));
        Assert.Contains("homeassistant/button/station-1/cam1_reset_counters/config", messages.Select(m => m.Topic));
    }

    [Fact]
    public void All_entities_belong_to_one_station_device_and_all_but_the_connectivity_sensor_follow_the_status_topic()
    {
        var options = new HomeAssistantOptions { Enabled = true, ConfigurationUrl = new Uri("http://10.0.0.7:8080/") };

        var messages = Discovery(options).Configurations(["cam1"]);

        foreach (var m in messages)
        {
            var json = Parse(m);
            var device = json.GetProperty("device");
            Assert.Equal(["edgevision_station-1"], device.GetProperty("identifiers").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("EdgeVision station-1", device.GetProperty("name").GetString());
            Assert.Equal("EdgeVision", device.GetProperty("manufacturer").GetString());
            Assert.Equal("Inspection station", device.GetProperty("model").GetString());
            Assert.Equal("1.2.3", device.GetProperty("sw_version").GetString());
            Assert.Equal("http://10.0.0.7:8080/", device.GetProperty("configuration_url").GetString());
            Assert.Equal("EdgeVision", json.GetProperty("origin").GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(json.GetProperty("name").GetString()));
            if (m.Topic.Contains("/binary_sensor/", StringComparison.Ordinal))
            {
                Assert.False(json.TryGetProperty("availability", out _));
                continue;
            }

            var availability = Assert.Single(json.GetProperty("availability").EnumerateArray());
            Assert.Equal("edgevision/station-1/status", availability.GetProperty("topic").GetString());
            Assert.Equal("online", availability.GetProperty("payload_available").GetString());
            Assert.Equal("offline", availability.GetProperty("payload_not_available").GetString());
            Assert.Equal(
                ["online", "offline"],
                Jinja.Render([
                    (availability.GetProperty("value_template").GetString()!, """{"state":"online","version":"1.2.3","uptimeS":12,"outbox":{"backlog":0,"dropped":0}}"""),
                    (availability.GetProperty("value_template").GetString()!, """{"state":"offline"}""")]));
        }
    }

    [Fact]
    public void The_online_binary_sensor_reads_the_status_topic_as_connectivity()
    {
        var online = Parse(Config(Discovery().Configurations([]), "homeassistant/binary_sensor/station-1/online/config"));

        Assert.Equal("edgevision/station-1/status", online.GetProperty("state_topic").GetString());
        Assert.Equal("connectivity", online.GetProperty("device_class").GetString());
        Assert.Equal("online", online.GetProperty("payload_on").GetString());
        Assert.Equal("offline", online.GetProperty("payload_off").GetString());
        Assert.Equal(["online", "offline"], Jinja.Render([
            (online.GetProperty("value_template").GetString()!, """{"state":"online"}"""),
            (online.GetProperty("value_template").GetString()!, """{"state":"offline"}""")]));
    }

    [Fact]
    public void Camera_sensors_read_the_stats_topic_and_their_templates_give_the_documented_values()
    {
        var messages = Discovery().Configurations(["cam1"]);
        const string stats = """{"camera":"cam1","time":"2026-01-02T03:04:05Z","total":40,"pass":39,"fail":1,"yield":0.975,"cycleMs":{"min":7.5,"avg":9.25,"max":14,"p99":13.5},"lastVerdict":"fail"}""";
        const string empty = """{"camera":"cam1","time":"2026-01-02T03:04:05Z","total":0,"pass":0,"fail":0,"yield":null,"cycleMs":null,"lastVerdict":null}""";
        string[] objects = ["yield", "pass_count", "fail_count", "last_verdict", "cycle_time"];
        var sensors = objects.Select(o => Parse(Config(messages, $"homeassistant/sensor/station-1/cam1_{o}/config"))).ToList();

        Assert.All(sensors, s => Assert.Equal("edgevision/station-1/cam1/stats", s.GetProperty("state_topic").GetString()));
        var templates = sensors.Select(s => s.GetProperty("value_template").GetString()!).ToList();
        Assert.Equal(["97.5", "39", "1", "fail", "9.25"], Jinja.Render(templates.Select(t => (t, stats))));
        Assert.Equal(["None", "0", "0", "None", "None"], Jinja.Render(templates.Select(t => (t, empty))));
        Assert.Equal("%", sensors[0].GetProperty("unit_of_measurement").GetString());
        Assert.Equal("measurement", sensors[0].GetProperty("state_class").GetString());
        Assert.Equal("total_increasing", sensors[1].GetProperty("state_class").GetString());
        Assert.Equal("total_increasing", sensors[2].GetProperty("state_class").GetString());
        Assert.False(sensors[3].TryGetProperty("unit_of_measurement", out _));
        Assert.Equal("ms", sensors[4].GetProperty("unit_of_measurement").GetString());
        Assert.Equal("duration", sensors[4].GetProperty("device_class").GetString());
    }

    [Theory]
    [InlineData("trigger", "trigger")]
    [InlineData("reset_counters", "reset-counters")]
    public void Buttons_publish_their_command_with_a_JSON_body_naming_the_camera(string objectId, string verb)
    {
        var messages = Discovery().Configurations(["cam1", "line \"B\" cam"]);

        foreach (var camera in new[] { "cam1", "line \"B\" cam" })
        {
            var button = Parse(Config(messages, $"homeassistant/button/station-1/{HomeAssistantDiscovery.TopicId(camera)}_{objectId}/config"));
            Assert.Equal($"edgevision/station-1/cmd/{verb}", button.GetProperty("command_topic").GetString());
            Assert.False(button.GetProperty("retain").GetBoolean());
            using var body = JsonDocument.Parse(button.GetProperty("payload_press").GetString()!);
            Assert.Equal(JsonValueKind.Object, body.RootElement.ValueKind);
            Assert.Equal(camera, body.RootElement.GetProperty("camera").GetString());
        }
    }

    [Fact]
    public void Removals_are_empty_retained_payloads_on_exactly_the_configuration_topics()
    {
        var discovery = Discovery();
        var configs = discovery.Configurations(["cam1", "cam2"]);

        var all = discovery.Removals(["cam1", "cam2"]);
        var cam2 = discovery.CameraRemovals("cam2");

        Assert.Equal(configs.Select(m => m.Topic), all.Select(m => m.Topic));
        Assert.All(all, m => Assert.True(m.IsRemoval && m.Retain && m.Payload.Length == 0));
        Assert.Equal(7, cam2.Count);
        Assert.All(cam2, m => Assert.Contains("/cam2_", m.Topic, StringComparison.Ordinal));
        Assert.All(cam2, m => Assert.Contains(m.Topic, configs.Select(c => c.Topic)));
    }

    [Fact]
    public void A_camera_removed_from_the_list_gets_removals_and_the_others_their_configurations()
    {
        var changes = Discovery().Changes(["cam1", "cam2"], ["cam1", "cam3"]);

        Assert.Equal(7, changes.Count(m => m.IsRemoval));
        Assert.All(changes.Where(m => m.IsRemoval), m => Assert.Contains("/cam2_", m.Topic, StringComparison.Ordinal));
        Assert.DoesNotContain(changes, m => !m.IsRemoval && m.Topic.Contains("/cam2_", StringComparison.Ordinal));
        Assert.Equal(1 + 14, changes.Count(m => !m.IsRemoval));
        Assert.True(changes.TakeWhile(m => m.IsRemoval).Count() == 7, "removals come first");
    }

    [Fact]
    public void Names_outside_the_topic_alphabet_become_distinct_valid_ids()
    {
        var a = HomeAssistantDiscovery.TopicId("cam.1");
        var b = HomeAssistantDiscovery.TopicId("cam 1");
        var discovery = new HomeAssistantDiscovery(new HomeAssistantOptions { DiscoveryPrefix = "ha/discovery" }, new TopicScheme("ev", "Halle 3/Linie 2"), "Halle 3/Linie 2", "1");

        var topics = discovery.Configurations(["cam.1", "cam 1"]).Select(m => m.Topic).ToList();

        Assert.Equal("cam1", HomeAssistantDiscovery.TopicId("cam1"));
        Assert.NotEqual(a, b);
        Assert.Matches("^cam_1_[0-9a-f]{8}$", a);
        Assert.Equal(topics.Count, topics.Distinct().Count());
        Assert.All(topics, t => Assert.Matches("^ha/discovery/(sensor|binary_sensor|button)/[a-zA-Z0-9_-]+/[a-zA-Z0-9_-]+/config$", t));
    }

    [Fact]
    public void Home_Assistants_online_announcement_is_recognised_and_nothing_else()
    {
        var discovery = Discovery();

        Assert.Equal("homeassistant/status", discovery.HomeAssistantStatusTopic);
        Assert.True(discovery.IsHomeAssistantOnline("homeassistant/status", "online"u8));
        Assert.False(discovery.IsHomeAssistantOnline("homeassistant/status", "offline"u8));
        Assert.False(discovery.IsHomeAssistantOnline("other/status", "online"u8));
    }

    [Fact]
    public void Bad_options_and_repeated_cameras_are_refused_with_the_reason()
    {
        var problems = new HomeAssistantOptions { DiscoveryPrefix = "home/#", Model = " ", ConfigurationUrl = new Uri("/page", UriKind.Relative) }.Validate();
        var repeated = Assert.Throws<ArgumentException>(() => Discovery().Configurations(["cam1", "cam1"]));

        Assert.Equal(3, problems.Count);
        Assert.Contains("DiscoveryPrefix 'home/#'", problems[0], StringComparison.Ordinal);
        Assert.Contains("Camera 'cam1' is listed twice", repeated.Message, StringComparison.Ordinal);
        Assert.False(new HomeAssistantOptions().Enabled);
        Assert.Empty(new HomeAssistantOptions().Validate());
    }
}
