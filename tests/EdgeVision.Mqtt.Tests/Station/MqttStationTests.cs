using System.Diagnostics;
using System.Text.Json;
using EdgeVision.Inspection.Results;
using OpenCvSharp;
using static EdgeVision.Mqtt.Tests.Station.Harness;

namespace EdgeVision.Mqtt.Tests.Station;

/// <summary>The station's MQTT side against a real Debian mosquitto: results, status, stats, images, commands.</summary>
public sealed class MqttStationTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgevision-station-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Results_arrive_in_order_numbered_from_one_with_birth_stats_and_offline_after_a_clean_stop()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/#");
        var station = new MqttStation(Settings(broker.Port), Context(_data));
        station.Start();
        await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect"); // results made before are backlog

        for (var i = 1; i <= 30; i++)
        {
            station.Offer(Result(i, i % 3 == 0 ? Verdict.Fail : Verdict.Pass, ms: i));
        }

        var seen = await observer.WaitForAsync(m => m.Count(x => x.Topic.EndsWith("/result", StringComparison.Ordinal)) >= 30, "30 results");
        var results = seen.Where(x => x.Topic == "edgevision/station-1/cam1/result").ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), results.Select(MsgSeq));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), results.Select(r => r.Json.GetProperty("seq").GetInt64()));
        Assert.All(results, r => Assert.False(r.Json.TryGetProperty("historical", out _)));
        Assert.All(results, r => Assert.Equal(MsgSeq(r).ToString(System.Globalization.CultureInfo.InvariantCulture), r.Property("msgSeq")));

        var birth = seen.First(x => x.Topic == "edgevision/station-1/status").Json;
        Assert.Equal("online", birth.GetProperty("state").GetString());
        Assert.Equal("9.8.7", birth.GetProperty("version").GetString());
        Assert.Equal("demo", birth.GetProperty("cameras").GetProperty("cam1").GetProperty("recipe").GetString());
        Assert.True(birth.GetProperty("uptimeS").GetInt64() >= 0);

        // Stats are published periodically: wait for one that has counted all 30 parts.
        seen = await observer.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/stats", StringComparison.Ordinal) && x.Json.GetProperty("total").GetInt64() == 30), "stats of 30 parts");
        var stats = seen.Last(x => x.Topic == "edgevision/station-1/cam1/stats").Json;
        Assert.Equal(20, stats.GetProperty("pass").GetInt64());
        Assert.Equal(10, stats.GetProperty("fail").GetInt64());
        Assert.Equal(20.0 / 30, stats.GetProperty("yield").GetDouble(), 4);
        Assert.Equal(1, stats.GetProperty("cycleMs").GetProperty("min").GetDouble());
        Assert.Equal(30, stats.GetProperty("cycleMs").GetProperty("max").GetDouble());
        Assert.Equal(15.5, stats.GetProperty("cycleMs").GetProperty("avg").GetDouble(), 4);
        Assert.Equal(30, stats.GetProperty("cycleMs").GetProperty("p99").GetDouble());
        Assert.Equal("fail", stats.GetProperty("lastVerdict").GetString()); // part 30 failed

        await station.StopAsync(TimeSpan.FromSeconds(10));
        seen = await observer.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Text.Contains("offline", StringComparison.Ordinal)), "offline");
        Assert.Equal(30, station.Publisher.Published);
        Assert.Equal(0, station.Publisher.Backlog);
        await station.DisposeAsync();
    }

    [Fact]
    public async Task A_third_party_client_mosquitto_sub_receives_and_parses_the_results()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var info = new ProcessStartInfo("mosquitto_sub", ["-h", "127.0.0.1", "-p", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-t", "edgevision/station-1/cam1/result", "-q", "1", "-C", "5", "-W", "60"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var sub = Process.Start(info)!;
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/cam1/result");
        await Task.Delay(500); // mosquitto_sub gives no signal once subscribed; results sent before it subscribes would be missed
        await using var station = new MqttStation(Settings(broker.Port), Context(_data));
        station.Start();
        for (var i = 1; i <= 5; i++)
        {
            station.Offer(Result(i));
        }

        var output = await sub.StandardOutput.ReadToEndAsync();
        await sub.WaitForExitAsync();

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], parsed.Select(p => p.GetProperty("msgSeq").GetInt64()));
        Assert.All(parsed, p => Assert.Equal("pass", p.GetProperty("verdict").GetString()));
        Assert.All(parsed, p => Assert.Equal(2, p.GetProperty("schema").GetInt32()));
    }

    [Fact]
    public async Task Images_of_failed_parts_carry_the_result_number_as_a_user_property_and_are_scaled_down()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/#");
        await using var station = new MqttStation(Settings(broker.Port), Context(_data));
        station.Start();
        await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect");
        using var image = new Mat(960, 1280, MatType.CV_8UC3, new Scalar(40, 80, 120));

        for (var i = 1; i <= 4; i++)
        {
            var result = Result(i, i == 3 ? Verdict.Fail : Verdict.Pass);
            station.OfferImage(image, result);
            station.Offer(result);
        }

        var seen = await observer.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/image", StringComparison.Ordinal)), "an image");
        var images = seen.Where(x => x.Topic == "edgevision/station-1/cam1/image").ToList();
        Assert.Single(images);
        Assert.Equal("3", images[0].Property("msgSeq"));
        Assert.Equal("3", images[0].Property("seq"));
        using var decoded = Cv2.ImDecode(images[0].Payload, ImreadModes.Color);
        Assert.Equal(640, decoded.Width);
        Assert.Equal(480, decoded.Height);
    }

    [Fact]
    public async Task On_MQTT_3_1_1_an_image_follows_a_companion_message_naming_its_result()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/cam1/#");
        await using var station = new MqttStation(Settings(broker.Port) with { Protocol = EdgeVision.Mqtt.Connection.MqttProtocol.V311 }, Context(_data));
        station.Start();
        await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect");
        using var image = new Mat(100, 200, MatType.CV_8UC3, Scalar.All(90));

        var result = Result(1, Verdict.Fail);
        station.OfferImage(image, result);
        station.Offer(result);

        var seen = await observer.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/image", StringComparison.Ordinal)), "an image");
        var meta = seen.Single(x => x.Topic == "edgevision/station-1/cam1/image/meta").Json;
        Assert.Equal(1, meta.GetProperty("msgSeq").GetInt64());
        Assert.Equal("image/jpeg", meta.GetProperty("contentType").GetString());
        var jpeg = seen.Single(x => x.Topic == "edgevision/station-1/cam1/image");
        Assert.Equal(meta.GetProperty("bytes").GetInt32(), jpeg.Payload.Length);
        Assert.True(seen.ToList().FindIndex(x => x.Topic.EndsWith("/image/meta", StringComparison.Ordinal)) < seen.ToList().FindIndex(x => x.Topic.EndsWith("/image", StringComparison.Ordinal)));
        var r = seen.Single(x => x.Topic == "edgevision/station-1/cam1/result");
        Assert.Equal(1, MsgSeq(r));
    }

    [Fact]
    public async Task When_the_outbox_is_full_the_oldest_results_are_dropped_counted_and_reported_on_the_status_topic()
    {
        using var broker = await MosquittoBroker.StartAsync();
        broker.Kill(); // nothing can be delivered
        var settings = Settings(broker.Port) with { Outbox = new EdgeVision.Mqtt.Outbox.OutboxOptions { MaxBytes = 8 * 1024 } };
        await using (var station = new MqttStation(settings, Context(_data)))
        {
            station.Start();
            for (var i = 1; i <= 60; i++)
            {
                station.Offer(Result(i));
            }

            await WaitUntilAsync(() => station.Publisher.Backlog < 60 && station.Publisher.Outbox.MaxId == 60, "the outbox to take every result");
            Assert.True(station.Publisher.Outbox.DroppedFull > 0);
            Assert.Equal(60, station.Publisher.Outbox.Count + station.Publisher.Outbox.DroppedFull);
            var status = JsonDocument.Parse(station.StatusPayload()).RootElement.GetProperty("outbox");
            Assert.Equal(station.Publisher.Outbox.DroppedFull, status.GetProperty("droppedFull").GetInt64());
            Assert.Equal(station.Publisher.Outbox.Count, status.GetProperty("backlog").GetInt64());
        }

        await broker.RestartAsync();
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/#");
        await using var again = new MqttStation(settings, Context(_data));
        again.Start();
        var seen = await observer.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/status", StringComparison.Ordinal) && x.Json.GetProperty("state").GetString() == "online"), "the birth");
        var outbox = seen.Last(x => x.Topic.EndsWith("/status", StringComparison.Ordinal)).Json.GetProperty("outbox");
        Assert.True(outbox.GetProperty("droppedFull").GetInt64() > 0, "the drop count survives the restart and is reported");
        seen = await observer.WaitForAsync(m => m.Any(x => x.Topic.EndsWith("/result", StringComparison.Ordinal) && MsgSeq(x) == 60), "the newest result");
        var delivered = FirstDeliveries(seen, "edgevision/station-1/cam1/result").Select(MsgSeq).ToList();
        Assert.Equal(delivered.Order(), delivered);
        Assert.Equal(60 - outbox.GetProperty("droppedFull").GetInt64(), delivered.Count);
    }
}
