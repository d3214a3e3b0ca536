using System.Text.Json.Nodes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.Outbox;
using EdgeVision.Service.Configuration;
using MQTTnet.Protocol;

namespace EdgeVision.Service.Tests.Configuration;

/// <summary>
/// The <c>mqtt</c> section (and <c>dataDirectory</c>): every key, the defaults, and an error naming the key path for
/// every wrong value. Files (password, TLS) are real files in a temp folder; see MqttSettingsLoaderTests.Files.cs.
/// </summary>
public partial class MqttSettingsLoaderTests
{
    [Fact]
    public void Without_an_mqtt_section_the_embedded_broker_and_the_documented_defaults_are_used()
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json => json.Remove("mqtt"));

        Assert.Empty(errors);
        var m = settings!.Mqtt;
        Assert.Equal(new MqttSettings { Device = "station-1" }, m);
        Assert.Null(m.BrokerHost);
        Assert.Equal(1883, m.Port);
        Assert.Null(m.ClientId);
        Assert.Equal("edgevision-station-1", m.ToConnectionSettings().ClientId);
        Assert.Equal("edgevision", m.TopicPrefix);
        Assert.Equal(TimeSpan.FromSeconds(15), m.KeepAlive);
        Assert.Equal(10_000, m.QueueCapacity);
        Assert.Equal(MqttProtocol.V5, m.Protocol);
        Assert.True(m.CleanSession);
        Assert.Null(m.Username);
        Assert.Null(m.Password);
        Assert.False(m.Tls.Enabled);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, m.QualityOfService);
        Assert.Equal((TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30)), (m.MinReconnectDelay, m.MaxReconnectDelay));
        Assert.Equal(TimeSpan.FromSeconds(10), m.StatsInterval);
        Assert.Equal(("mqtt-outbox.db", 256L * 1024 * 1024, TimeSpan.FromDays(7), OutboxDurability.Normal), (m.Outbox.Path, m.Outbox.MaxBytes, m.Outbox.MaxAge, m.Outbox.Durability));
        Assert.Equal(BacklogOrder.First, m.BacklogOrder);
        Assert.Equal((true, 0, 640, 70, true), (m.Images.Failed, m.Images.EveryNth, m.Images.MaxWidth, m.Images.JpegQuality, m.Images.Overlay));
        Assert.Equal((true, (IReadOnlySet<string>?)null, 64 * 1024), (m.Commands.Enabled, m.Commands.AllowedVerbs, m.Commands.MaxPayloadBytes));
        Assert.Equal((false, "homeassistant", (string?)null, "Inspection station"), (m.HomeAssistant.Enabled, m.HomeAssistant.DiscoveryPrefix, m.HomeAssistant.DeviceName, m.HomeAssistant.Model));
        Assert.Equal((false, "EdgeVision", (string?)null, (string?)null, "sparkplug-bdseq.txt"), (m.Sparkplug.Enabled, m.Sparkplug.GroupId, m.Sparkplug.EdgeNodeId, m.Sparkplug.PrimaryHostId, m.Sparkplug.BdSeqFile));
        Assert.Null(settings.DataDirectory);
    }

    [Fact]
    public void An_empty_mqtt_section_and_empty_sub_sections_keep_every_default()
    {
        var (settings, errors) = ParseMqtt("""{ "reconnect": {}, "outbox": {}, "images": {}, "commands": {} }""");

        Assert.Empty(errors);
        Assert.Equal(new MqttSettings { Device = "station-1" }, settings!.Mqtt);
    }

    [Fact]
    public void Every_publishing_and_integration_key_is_read_into_its_setting()
    {
        var (settings, errors) = ParseMqtt("""
            {
              "broker": null, "embeddedPort": 1999, "clientId": "line-4-cam", "topicPrefix": "plant/line4",
              "keepAliveSeconds": 30, "queueCapacity": 500, "protocol": "3.1.1", "cleanSession": false, "qos": 2,
              "reconnect": { "minMs": 100, "maxMs": 5000 }, "statsIntervalSeconds": 2.5,
              "outbox": { "path": "state/outbox.db", "maxMegabytes": 64, "maxAgeHours": 12, "durability": "full" },
              "backlog": "interleaved",
              "images": { "failed": false, "everyNth": 25, "maxWidth": 320, "jpegQuality": 55, "overlay": false },
              "commands": { "enabled": true, "verbs": ["trigger", "reset-counters"], "maxPayloadBytes": 2048 },
              "homeAssistant": { "enabled": true, "discoveryPrefix": "ha/discovery", "deviceName": "Line 4 camera", "model": "EV-1" },
              "sparkplug": { "enabled": true, "groupId": "Line4", "edgeNodeId": "cam-node", "primaryHostId": "scada-1", "bdSeqFile": "bdseq.txt" }
            }
            """);

        Assert.Empty(errors);
        var m = settings!.Mqtt;
        Assert.Equal((null, 1999, "line-4-cam", "plant/line4"), (m.BrokerHost, m.Port, m.ClientId, m.TopicPrefix));
        Assert.Equal((TimeSpan.FromSeconds(30), 500, MqttProtocol.V311, false), (m.KeepAlive, m.QueueCapacity, m.Protocol, m.CleanSession));
        Assert.Equal(MqttQualityOfServiceLevel.ExactlyOnce, m.QualityOfService);
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)), (m.MinReconnectDelay, m.MaxReconnectDelay));
        Assert.Equal(TimeSpan.FromSeconds(2.5), m.StatsInterval);
        Assert.Equal(("state/outbox.db", 64L * 1024 * 1024, TimeSpan.FromHours(12), OutboxDurability.Full), (m.Outbox.Path, m.Outbox.MaxBytes, m.Outbox.MaxAge, m.Outbox.Durability));
        Assert.Equal(BacklogOrder.Interleaved, m.BacklogOrder);
        Assert.Equal((false, 25, 320, 55, false), (m.Images.Failed, m.Images.EveryNth, m.Images.MaxWidth, m.Images.JpegQuality, m.Images.Overlay));
        Assert.True(m.Commands.Enabled);
        Assert.Equal(["reset-counters", "trigger"], m.Commands.AllowedVerbs!.Order(StringComparer.Ordinal));
        Assert.Equal(2048, m.Commands.MaxPayloadBytes);
        Assert.Equal((true, "ha/discovery", "Line 4 camera", "EV-1"), (m.HomeAssistant.Enabled, m.HomeAssistant.DiscoveryPrefix, m.HomeAssistant.DeviceName, m.HomeAssistant.Model));
        Assert.Equal((true, "Line4", "cam-node", "scada-1", "bdseq.txt"), (m.Sparkplug.Enabled, m.Sparkplug.GroupId, m.Sparkplug.EdgeNodeId, m.Sparkplug.PrimaryHostId, m.Sparkplug.BdSeqFile));
    }

    [Fact]
    public void A_present_integration_section_is_switched_on_unless_it_says_enabled_false()
    {
        var (on, onErrors) = ParseMqtt("""{ "homeAssistant": {}, "sparkplug": {}, "commands": { "enabled": false } }""");
        var (off, offErrors) = ParseMqtt("""{ "homeAssistant": { "enabled": false }, "sparkplug": { "enabled": false } }""");

        Assert.Empty(onErrors);
        Assert.Empty(offErrors);
        Assert.Equal((true, true, false), (on!.Mqtt.HomeAssistant.Enabled, on.Mqtt.Sparkplug.Enabled, on.Mqtt.Commands.Enabled));
        Assert.Equal((false, false), (off!.Mqtt.HomeAssistant.Enabled, off.Mqtt.Sparkplug.Enabled));
    }

    [Theory]
    [InlineData("plant-broker", "plant-broker", 1883)]
    [InlineData("plant-broker:1884", "plant-broker", 1884)]
    [InlineData("10.0.0.5", "10.0.0.5", 1883)]
    [InlineData("::1", "::1", 1883)]
    [InlineData("[fd00::5]", "fd00::5", 1883)]
    [InlineData("[fd00::5]:1999", "fd00::5", 1999)]
    public void A_broker_is_read_as_host_and_port_with_1883_when_no_port_is_given(string broker, string host, int port)
    {
        var (settings, errors) = ParseMqtt(new JsonObject { ["broker"] = broker, ["embeddedPort"] = 2000 });

        Assert.Empty(errors);
        Assert.Equal((host, port), (settings!.Mqtt.BrokerHost, settings.Mqtt.Port));
    }

    [Theory]
    [InlineData("host:")]
    [InlineData(":1883")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:+1883")]
    [InlineData("two words")]
    [InlineData("")]
    [InlineData("[fd00::5]x")]
    [InlineData("a:b:c")]
    public void A_broker_that_is_not_host_or_host_port_is_reported_once(string broker)
    {
        var (_, errors) = ParseMqtt(new JsonObject { ["broker"] = broker });

        Assert.Equal([$"mqtt.broker: '{broker}' is not host or host:port with a port from 1 to 65535"], errors);
    }

    [Fact]
    public void A_broker_written_as_a_url_is_reported_with_what_to_write_instead()
    {
        var (_, errors) = ParseMqtt("""{ "broker": "mqtts://plant-broker:8883" }""");

        Assert.Equal(["mqtt.broker: 'mqtts://plant-broker:8883' is a URL: give host or host:port (TLS is switched on by mqtt.tls)"], errors);
    }

    [Theory]
    [InlineData("embeddedPort", "0", "mqtt.embeddedPort: 0 is out of range [1, 65535]")]
    [InlineData("clientId", "5", "mqtt.clientId: expected a string, got number 5")]
    [InlineData("clientId", "\"\"", "mqtt.clientId: must not be empty")]
    [InlineData("topicPrefix", "\"plant line\"", "mqtt.topicPrefix: 'plant line' must be 1-64 letters")]
    [InlineData("topicPrefix", "\"plant/#\"", "mqtt.topicPrefix: '#' must be 1-64 letters")]
    [InlineData("keepAliveSeconds", "1.5", "mqtt.keepAliveSeconds: expected a whole number, got number 1.5")]
    [InlineData("keepAliveSeconds", "0", "mqtt.keepAliveSeconds: 0 is out of range [1, 3600]")]
    [InlineData("queueCapacity", "0", "mqtt.queueCapacity: 0 is out of range [1, 10000000]")]
    [InlineData("protocol", "\"4\"", "mqtt.protocol: '4' is not one of: 5, 3.1.1")]
    [InlineData("protocol", "5", "mqtt.protocol: expected a string, got number 5")]
    [InlineData("cleanSession", "\"yes\"", "mqtt.cleanSession: expected true or false, got string \"yes\"")]
    [InlineData("username", "\"\"", "mqtt.username: must not be empty")]
    [InlineData("qos", "0", "mqtt.qos: 0 is out of range [1, 2]")]
    [InlineData("statsIntervalSeconds", "0", "mqtt.statsIntervalSeconds: 0 is out of range [0.1, 86400]")]
    [InlineData("backlog", "\"last\"", "mqtt.backlog: 'last' is not one of: first, interleaved")]
    [InlineData("reconnect", "5", "mqtt.reconnect: expected an object, got number 5")]
    [InlineData("reconnect.minMs", "5", "mqtt.reconnect.minMs: 5 is out of range [10, 600000]")]
    [InlineData("reconnect.maxMs", "\"1s\"", "mqtt.reconnect.maxMs: expected a number, got string \"1s\"")]
    [InlineData("tls", "true", "mqtt.tls: expected an object, got boolean true")]
    [InlineData("tls.enabled", "\"on\"", "mqtt.tls.enabled: expected true or false, got string \"on\"")]
    [InlineData("tls.serverName", "\"\"", "mqtt.tls.serverName: must not be empty")]
    [InlineData("tls.allowInsecure", "1", "mqtt.tls.allowInsecure: expected true or false, got number 1")]
    [InlineData("outbox.path", "\"\"", "mqtt.outbox.path: must not be empty")]
    [InlineData("outbox.maxMegabytes", "0", "mqtt.outbox.maxMegabytes: 0 is out of range [1, 1000000]")]
    [InlineData("outbox.maxAgeHours", "0", "mqtt.outbox.maxAgeHours: 0 is out of range [0.01, 87600]")]
    [InlineData("outbox.durability", "\"fsync\"", "mqtt.outbox.durability: 'fsync' is not one of: normal, full")]
    [InlineData("images.failed", "\"yes\"", "mqtt.images.failed: expected true or false, got string \"yes\"")]
    [InlineData("images.everyNth", "-1", "mqtt.images.everyNth: -1 is out of range [0, 1000000]")]
    [InlineData("images.maxWidth", "8", "mqtt.images.maxWidth: 8 is out of range [16, 16384]")]
    [InlineData("images.jpegQuality", "101", "mqtt.images.jpegQuality: 101 is out of range [1, 100]")]
    [InlineData("images.overlay", "1", "mqtt.images.overlay: expected true or false, got number 1")]
    [InlineData("commands.enabled", "\"no\"", "mqtt.commands.enabled: expected true or false, got string \"no\"")]
    [InlineData("commands.verbs", "5", "mqtt.commands.verbs: expected an array of strings, got number 5")]
    [InlineData("commands.verbs", "[\"trigger\", 3]", "mqtt.commands.verbs[1]: expected a string, got number 3")]
    [InlineData("commands.maxPayloadBytes", "8", "mqtt.commands.maxPayloadBytes: 8 is out of range [16, 16777216]")]
    [InlineData("homeAssistant.discoveryPrefix", "\"ha/#\"", "mqtt.homeAssistant.discoveryPrefix: 'ha/#' must be topic levels")]
    [InlineData("homeAssistant.discoveryPrefix", "\"/ha\"", "mqtt.homeAssistant.discoveryPrefix: '/ha' must be topic levels")]
    [InlineData("homeAssistant.discoveryPrefix", "\"\"", "mqtt.homeAssistant.discoveryPrefix: '' must be topic levels")]
    [InlineData("homeAssistant.deviceName", "3", "mqtt.homeAssistant.deviceName: expected a string, got number 3")]
    [InlineData("homeAssistant.model", "\" \"", "mqtt.homeAssistant.model: must not be empty")]
    [InlineData("sparkplug.groupId", "\"\"", "mqtt.sparkplug.groupId: is empty")]
    [InlineData("sparkplug.bdSeqFile", "\"\"", "mqtt.sparkplug.bdSeqFile: must not be empty")]
    [InlineData("sparkplug.enabled", "\"true\"", "mqtt.sparkplug.enabled: expected true or false, got string \"true\"")]
    public void A_wrong_value_is_reported_once_at_its_key_path(string key, string valueJson, string expected)
    {
        var mqtt = new JsonObject { ["broker"] = "plant-broker" };
        Set(mqtt, key, JsonNode.Parse(valueJson));

        var (_, errors) = ParseMqtt(mqtt);

        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("brokr", "mqtt.brokr: unknown key; did you mean 'broker'?")]
    [InlineData("reconnect.minMS", "mqtt.reconnect.minMS: unknown key; did you mean 'minMs'?")]
    [InlineData("tls.caFiles", "mqtt.tls.caFiles: unknown key; did you mean 'caFile'?")]
    [InlineData("outbox.durabilty", "mqtt.outbox.durabilty: unknown key; did you mean 'durability'?")]
    [InlineData("images.everyN", "mqtt.images.everyN: unknown key; did you mean 'everyNth'?")]
    [InlineData("commands.verb", "mqtt.commands.verb: unknown key; did you mean 'verbs'?")]
    [InlineData("homeAssistant.modell", "mqtt.homeAssistant.modell: unknown key; did you mean 'model'?")]
    [InlineData("sparkplug.groupID", "mqtt.sparkplug.groupID: unknown key; did you mean 'groupId'?")]
    public void An_unknown_key_is_reported_at_its_path_with_the_key_it_probably_meant(string key, string expected)
    {
        var mqtt = new JsonObject { ["broker"] = "plant-broker" };
        Set(mqtt, key, JsonValue.Create(false));
        if (key.StartsWith("tls.", StringComparison.Ordinal))
        {
            mqtt["tls"]!["enabled"] = false;
        }

        var (_, errors) = ParseMqtt(mqtt);

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void A_reconnect_minimum_above_the_maximum_is_refused_naming_both_values()
    {
        var (_, both) = ParseMqtt("""{ "reconnect": { "minMs": 5000, "maxMs": 1000 } }""");
        var (_, againstDefault) = ParseMqtt("""{ "reconnect": { "minMs": 60000 } }""");

        Assert.Equal(["mqtt.reconnect: minMs (5000) must not exceed maxMs (1000)"], both);
        Assert.Equal(["mqtt.reconnect: minMs (60000) must not exceed maxMs (30000)"], againstDefault);
    }

    [Fact]
    public void A_reconnect_minimum_above_the_maximum_is_reported_once_with_an_external_broker_too()
    {
        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "reconnect": { "minMs": 5000, "maxMs": 1000 } }""");

        Assert.Equal(["mqtt.reconnect: minMs (5000) must not exceed maxMs (1000)"], errors);
    }

    [Theory]
    [InlineData("reboot")]
    [InlineData("Trigger")]
    public void A_command_verb_that_is_not_known_is_refused_with_the_known_verbs(string verb)
    {
        var (_, errors) = ParseMqtt(new JsonObject { ["commands"] = new JsonObject { ["verbs"] = new JsonArray("trigger", verb) } });

        Assert.Equal([$"mqtt.commands.verbs: unknown verb '{verb}'; known verbs: trigger, recipe, enable, disable, reset-counters, reload"], errors);
    }

    [Fact]
    public void Command_verbs_given_as_one_string_allow_that_verb_and_null_allows_every_verb()
    {
        var (one, oneErrors) = ParseMqtt("""{ "commands": { "verbs": "trigger" } }""");
        var (all, allErrors) = ParseMqtt("""{ "commands": { "verbs": null } }""");

        Assert.Empty(oneErrors);
        Assert.Empty(allErrors);
        Assert.Equal(["trigger"], one!.Mqtt.Commands.AllowedVerbs!);
        Assert.Null(all!.Mqtt.Commands.AllowedVerbs);
    }

    [Fact]
    public void An_empty_command_verb_list_is_refused_and_points_at_enabled_false()
    {
        var (_, errors) = ParseMqtt("""{ "commands": { "verbs": [] } }""");

        Assert.Equal(["mqtt.commands.verbs: is empty, which would refuse every command: set mqtt.commands.enabled to false to switch commands off"], errors);
    }

    [Theory]
    [InlineData("groupId", '/')]
    [InlineData("groupId", '+')]
    [InlineData("groupId", '#')]
    [InlineData("edgeNodeId", '/')]
    [InlineData("edgeNodeId", '+')]
    [InlineData("edgeNodeId", '#')]
    [InlineData("primaryHostId", '/')]
    [InlineData("primaryHostId", '+')]
    [InlineData("primaryHostId", '#')]
    public void A_sparkplug_id_with_a_reserved_character_is_refused_at_its_key(string key, char reserved)
    {
        var id = $"line{reserved}4";

        var (_, errors) = ParseMqtt(new JsonObject { ["sparkplug"] = new JsonObject { [key] = id } });

        Assert.Equal([$"mqtt.sparkplug.{key}: '{id}' contains '{reserved}', which Sparkplug reserves"], errors);
    }

    /// <summary>The shipped configuration with <paramref name="mqtt"/> as its <c>mqtt</c> section, parsed with paths relative to <paramref name="baseDirectory"/>.</summary>
    private static (ServiceSettings? Settings, IReadOnlyList<string> Errors) ParseMqtt(JsonObject mqtt, string? baseDirectory = null)
    {
        var json = ShippedConfigJson.Load();
        ShippedConfigJson.Camera(json)["recipe"] = RepositoryFiles.DemoRecipe;
        json["mqtt"] = mqtt;
        var errors = new SettingsErrors();
        var settings = ServiceSettingsLoader.Parse(json.ToJsonString(), baseDirectory ?? RepositoryFiles.ConfigDirectory, errors);
        return (settings, errors.All);
    }

    private static (ServiceSettings? Settings, IReadOnlyList<string> Errors) ParseMqtt(string mqtt, string? baseDirectory = null) =>
        ParseMqtt(JsonNode.Parse(mqtt)!.AsObject(), baseDirectory);

    /// <summary>Sets a dotted key (<c>outbox.path</c>) in <paramref name="root"/>, creating the objects on the way.</summary>
    private static void Set(JsonObject root, string dottedKey, JsonNode? value)
    {
        var parts = dottedKey.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = new JsonObject();
                node[part] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }
}
