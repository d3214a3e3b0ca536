using System.Diagnostics;
using static EdgeVision.Mqtt.Tests.Station.Harness;

namespace EdgeVision.Mqtt.Tests.Station;

/// <summary>
/// Nothing lost: a real mosquitto is killed while results are produced, or the station itself is restarted while the
/// broker is down; every result arrives afterwards, numbered without a gap. The observer keeps a persistent session
/// on a broker with persistence, so it misses nothing across the broker's restart either.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgevision-outage-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Every_result_produced_during_a_ten_second_broker_outage_arrives_after_it_without_a_gap()
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true });
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/cam1/result");
        await Task.Delay(1500); // mosquitto saves sessions every second (autosave_interval 1): let it save the observer's
        await using var station = new MqttStation(Settings(broker.Port), Context(_data));
        station.Start();
        await WaitUntilAsync(() => station.Connection.IsConnected, "the station to connect");

        long offered = 0;
        long offeredBeforeOutage = 0, offeredAfterOutage = 0;
        using var producing = new CancellationTokenSource();
        var producer = Task.Run(async () =>
        {
            while (!producing.IsCancellationRequested)
            {
                station.Offer(Result(Interlocked.Increment(ref offered)));
                await Task.Delay(20); // ~50 parts/s, like a line
            }
        });

        await observer.WaitForAsync(m => m.Count >= 20, "results before the outage");
        broker.Kill();
        offeredBeforeOutage = Interlocked.Read(ref offered);
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100); // the outage lasts at least 10 s while results keep coming
        }

        Assert.False(station.Connection.IsConnected);
        Assert.True(station.Publisher.Backlog > 0, "results wait in the outbox");
        await broker.RestartAsync();
        offeredAfterOutage = Interlocked.Read(ref offered);
        await WaitUntilAsync(() => station.Connection.IsConnected, "the station to reconnect");
        await Task.Delay(500);
        await producing.CancelAsync();
        await producer;
        var total = Interlocked.Read(ref offered);

        var seen = await observer.WaitForAsync(m => FirstDeliveries(m, "edgevision/station-1/cam1/result").Count >= total, $"all {total} results");
        var first = FirstDeliveries(seen, "edgevision/station-1/cam1/result");
        Assert.Equal(Enumerable.Range(1, (int)total).Select(i => (long)i), first.Select(MsgSeq)); // in order, no gap
        Assert.Equal(first.Select(MsgSeq), first.Select(r => r.Json.GetProperty("seq").GetInt64()));

        // What was produced while the broker was away came from the backlog, flagged historical.
        var historical = first.Where(r => r.Json.TryGetProperty("historical", out var h) && h.GetBoolean()).Select(MsgSeq).ToList();
        Assert.Contains(offeredBeforeOutage + 1, historical);
        Assert.Contains(offeredAfterOutage - 1, historical);
        Assert.Equal(1, station.Connection.Reconnects);
        Assert.Equal(0, station.Publisher.Dropped);
        await WaitUntilAsync(() => station.Publisher.Backlog == 0, "the outbox to empty");
    }

    [Fact]
    public async Task A_station_stopped_while_the_broker_is_down_delivers_everything_after_it_starts_again_numbering_on()
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true });
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/cam1/result");
        await Task.Delay(1500); // let mosquitto save the observer's session

        var first = new MqttStation(Settings(broker.Port), Context(_data));
        first.Start();
        await WaitUntilAsync(() => first.Connection.IsConnected, "the station to connect");
        for (var i = 1; i <= 10; i++)
        {
            first.Offer(Result(i));
        }

        await observer.WaitForAsync(m => m.Count >= 10, "the first 10 results");
        broker.Kill();
        for (var i = 11; i <= 40; i++)
        {
            first.Offer(Result(i));
        }

        await first.StopAsync(TimeSpan.FromSeconds(1)); // the broker is down: everything stays in the outbox
        Assert.Equal(30, first.Publisher.Outbox.Count);
        await first.DisposeAsync();

        // The "service" starts again (same data directory) while the broker is still down, and produces more.
        await using var second = new MqttStation(Settings(broker.Port), Context(_data));
        second.Start();
        for (var i = 1; i <= 5; i++)
        {
            second.Offer(Result(i)); // the pipeline's own numbering restarts; the message numbering must not
        }

        await WaitUntilAsync(() => second.Publisher.Outbox.Count == 35, "the new results in the outbox");
        await broker.RestartAsync();

        var seen = await observer.WaitForAsync(m => FirstDeliveries(m, "edgevision/station-1/cam1/result").Count >= 45, "all 45 results");
        var delivered = FirstDeliveries(seen, "edgevision/station-1/cam1/result");
        Assert.Equal(Enumerable.Range(1, 45).Select(i => (long)i), delivered.Select(MsgSeq));
        Assert.All(delivered.Skip(10), r => Assert.True(r.Json.GetProperty("historical").GetBoolean()));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), delivered.Skip(40).Select(r => r.Json.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Interleaved_backlog_order_lets_live_results_through_while_history_catches_up()
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true });
        await using var observer = await Subscriber.StartAsync(broker.Port, "edgevision/station-1/cam1/result");
        await Task.Delay(1500);
        broker.Kill();
        var settings = Settings(broker.Port) with { BacklogOrder = BacklogOrder.Interleaved };
        await using var station = new MqttStation(settings, Context(_data));
        station.Start();
        const int Backlog = 3000;
        for (var i = 1; i <= Backlog; i++)
        {
            station.Offer(Result(i));
        }

        await WaitUntilAsync(() => station.Publisher.Outbox.Count == Backlog, "the backlog in the outbox");
        await broker.RestartAsync();
        await WaitUntilAsync(() => station.Connection.IsConnected, "the station to reconnect");
        var historyLeft = station.Publisher.Outbox.Count;
        for (var i = Backlog + 1; i <= Backlog + 20; i++)
        {
            station.Offer(Result(i));
            await Task.Delay(5);
        }

        var seen = await observer.WaitForAsync(m => FirstDeliveries(m, "edgevision/station-1/cam1/result").Count >= Backlog + 20, "every result");
        var order = FirstDeliveries(seen, "edgevision/station-1/cam1/result").Select(MsgSeq).ToList();
        Assert.Equal(Enumerable.Range(1, Backlog + 20).Select(i => (long)i), order.Order()); // all there, once each
        Assert.True(historyLeft > 200, $"precondition: the backlog was still draining when live results began ({historyLeft} left)");
        Assert.True(order.IndexOf(Backlog + 1) < order.IndexOf(Backlog), "a live result overtook the end of the backlog");
        var history = order.Where(s => s <= Backlog).ToList();
        var live = order.Where(s => s > Backlog).ToList();
        Assert.Equal(history.Order(), history); // each part stays in order
        Assert.Equal(live.Order(), live);
        Assert.All(seen.Where(m => MsgSeq(m) > Backlog), m => Assert.False(m.Json.TryGetProperty("historical", out _)));
    }
}
