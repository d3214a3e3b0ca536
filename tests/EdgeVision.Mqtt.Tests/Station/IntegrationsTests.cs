using System.Text.Json;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using EdgeVision.Mqtt.Tests.Commands;
using MQTTnet;
using static EdgeVision.Mqtt.Tests.Station.Harness;

namespace EdgeVision.Mqtt.Tests.Station;

/// <summary>Home Assistant discovery and Sparkplug B switched on in the station, seen through a real mosquitto.</summary>
public sealed class IntegrationsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgevision-integrations-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Home_Assistant_gets_retained_configs_bound_to_the_status_topic_and_its_trigger_button_reaches_the_station()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var target = new RecordingTarget("cam1");
        var settings = Settings(broker.Port) with { HomeAssistant = new EdgeVision.Mqtt.HomeAssistant.HomeAssistantOptions { Enabled = true } };
        await using (var station = new MqttStation(settings, Context(_data) with { Commands = target }))
        {
            station.Start();
            await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect");
        }

        // A dashboard connecting later still finds every config: they are retained.
        await using var ha = await Subscriber.StartAsync(broker.Port, "homeassistant/#", "home-assistant");
        var seen = await ha.WaitForAsync(m => m.Count >= 8, "the discovery configs");
        Assert.All(seen, m => Assert.True(m.Retained));
        var configs = seen.Select(m => (m.Topic, Json: m.Json)).ToList();
        Assert.Equal(configs.Count, configs.Select(c => c.Json.GetProperty("unique_id").GetString()).Distinct().Count());
        var yield = configs.Single(c => c.Topic.StartsWith("homeassistant/sensor/", StringComparison.Ordinal) && c.Json.GetProperty("unique_id").GetString()!.Contains("yield", StringComparison.Ordinal)).Json;
        Assert.Equal("edgevision/station-1/cam1/stats", yield.GetProperty("state_topic").GetString());
        Assert.Equal("edgevision/station-1/status", yield.GetProperty("availability")[0].GetProperty("topic").GetString());
        var button = configs.Single(c => c.Topic.StartsWith("homeassistant/button/", StringComparison.Ordinal) && c.Json.GetProperty("command_topic").GetString() == "edgevision/station-1/cmd/trigger").Json;

        // Pressing the button publishes its payload on its command topic: the station carries the trigger out.
        await using (var station = new MqttStation(settings, Context(_data) with { Commands = target }))
        {
            station.Start();
            await WaitUntilAsync(() => station.Connection.IsConnected, "the station to reconnect");
            using var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("ha-button").Build());
            await client.PublishStringAsync(button.GetProperty("command_topic").GetString()!, button.GetProperty("payload_press").GetString());
            await WaitUntilAsync(() => !target.Calls.IsEmpty, "the trigger command");
        }

        Assert.Equal(("trigger", "cam1"), (target.Calls.Single().Verb, target.Calls.Single().Camera));
    }

    [Fact]
    public async Task Switching_discovery_off_removes_the_entities_it_had_published()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var on = Settings(broker.Port) with { HomeAssistant = new EdgeVision.Mqtt.HomeAssistant.HomeAssistantOptions { Enabled = true } };
        await using (var station = new MqttStation(on, Context(_data)))
        {
            station.Start();
            await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect");
        }

        await using (var first = await Subscriber.StartAsync(broker.Port, "homeassistant/#", "ha-1"))
        {
            await first.WaitForAsync(m => m.Count >= 8, "the retained configs");
        }

        await using (var station = new MqttStation(Settings(broker.Port), Context(_data)))
        {
            station.Start();
            await WaitUntilAsync(() => station.Connection.IsConnected && !File.Exists(Path.Combine(_data, "homeassistant-discovery.txt")), "the removals");
        }

        // A client subscribing now gets a retained message for every config still there: none.
        await using var late = await Subscriber.StartAsync(broker.Port, "homeassistant/#", "ha-2");
        await using var marker = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/status", "ha-3");
        await marker.WaitForAsync(m => m.Count > 0, "the retained status, after which retained configs would have arrived too");
        Assert.DoesNotContain(late.Messages, m => m.Payload.Length > 0);
    }

    [Fact]
    public async Task Sparkplug_births_then_data_per_result_on_its_own_connection_and_NDEATH_with_the_births_bdSeq_on_stop()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var host = await Subscriber.StartAsync(broker.Port, "spBv1.0/#", "scada-host");
        await using var edgevision = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/cam1/result", "dashboard");
        var settings = Settings(broker.Port) with { Sparkplug = new EdgeVision.Mqtt.Sparkplug.SparkplugSettings { Enabled = true, GroupId = "Plant A" } };
        var station = new MqttStation(settings, Context(_data));
        station.Start();
        await host.WaitForAsync(m => m.Any(x => x.Topic.Contains("/DBIRTH/", StringComparison.Ordinal)), "the births");
        for (var i = 1; i <= 3; i++)
        {
            station.Offer(Result(i, i == 2 ? Verdict.Fail : Verdict.Pass));
        }

        await host.WaitForAsync(m => m.Count(x => x.Topic.Contains("/DDATA/", StringComparison.Ordinal)) >= 3, "3 DDATA");
        await edgevision.WaitForAsync(m => m.Count >= 3, "the same results on the EdgeVision topic");
        await station.StopAsync(TimeSpan.FromSeconds(5));
        await host.WaitForAsync(m => m.Any(x => x.Topic.Contains("/NDEATH/", StringComparison.Ordinal)), "the NDEATH");
        await station.DisposeAsync();

        var messages = host.Messages.Select(m => (m.Topic, Payload: Payload.Parser.ParseFrom(m.Payload))).ToList();
        var nbirth = messages.Single(m => m.Topic == "spBv1.0/Plant A/NBIRTH/station-1").Payload;
        var dbirth = messages.Single(m => m.Topic == "spBv1.0/Plant A/DBIRTH/station-1/cam1").Payload;
        var ndeath = messages.Single(m => m.Topic == "spBv1.0/Plant A/NDEATH/station-1").Payload;
        long BdSeq(Payload p) => (long)p.Metrics.Single(x => x.Name == "bdSeq").LongValue;
        Assert.Equal(BdSeq(nbirth), BdSeq(ndeath));
        Assert.Equal(0UL, nbirth.Seq);
        Assert.Contains(dbirth.Metrics, x => x.Name == "Measurements/width.width");
        var aliases = dbirth.Metrics.ToDictionary(x => x.Alias, x => x.Name);
        var ddata = messages.Where(m => m.Topic == "spBv1.0/Plant A/DDATA/station-1/cam1").Select(m => m.Payload).ToList();
        Assert.Equal([2UL, 3UL, 4UL], ddata.Select(d => d.Seq)); // NBIRTH 0, DBIRTH 1, then one per result
        Assert.Equal("fail", ddata[1].Metrics.Single(x => aliases[x.Alias] == "Result/Verdict").StringValue);
        Assert.Equal([1L, 2L, 3L], ddata.Select(d => (long)d.Metrics.Single(x => aliases[x.Alias] == "Result/Sequence").LongValue));
    }

    [Fact]
    public async Task A_recipe_switch_with_other_measurements_makes_Sparkplug_declare_the_camera_again()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var host = await Subscriber.StartAsync(broker.Port, "spBv1.0/#", "scada-host");
        var recipe = new CameraStatus("cam1", "demo", "sha256:abc") { Measurements = [("width.width", "px")] };
        var context = Context(_data) with { Cameras = () => [Volatile.Read(ref recipe)] };
        var settings = Settings(broker.Port) with { Sparkplug = new EdgeVision.Mqtt.Sparkplug.SparkplugSettings { Enabled = true } };
        await using var station = new MqttStation(settings, context);
        station.Start();
        await host.WaitForAsync(m => m.Any(x => x.Topic.Contains("/DBIRTH/", StringComparison.Ordinal)), "the first DBIRTH");

        Volatile.Write(ref recipe, new CameraStatus("cam1", "demo-tools", "sha256:def") { Measurements = [("gap.distance", "mm")] });

        var seen = await host.WaitForAsync(m => m.Count(x => x.Topic.Contains("/DBIRTH/", StringComparison.Ordinal)) >= 2, "a second DBIRTH");
        var births = seen.Where(x => x.Topic.EndsWith("/DBIRTH/station-1/cam1", StringComparison.Ordinal)).Select(x => Payload.Parser.ParseFrom(x.Payload)).ToList();
        Assert.Contains(births[0].Metrics, x => x.Name == "Measurements/width.width");
        Assert.Contains(births[1].Metrics, x => x.Name == "Measurements/gap.distance");
        Assert.DoesNotContain(births[1].Metrics, x => x.Name == "Measurements/width.width");
    }
}
