using System.Text;
using EdgeVision.Mqtt.Connection;
using MQTTnet;
using MQTTnet.Protocol;
using Xunit.Abstractions;

namespace EdgeVision.Mqtt.Tests.Connection;

/// <summary>The connection against a real Debian mosquitto on a free loopback port: connect, publish, subscribe, outages, wills.</summary>
public sealed class MqttConnectionTests(ITestOutputHelper output)
{
    private readonly TestLog _log = new(output);

    internal static MqttConnectionSettings Settings(int port, MqttProtocol protocol = MqttProtocol.V5) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        ClientId = $"edgevision-test-{Guid.NewGuid():N}",
        ProtocolVersion = protocol,
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(400),
    };

    internal static MqttApplicationMessage Message(string topic, string payload, bool retain = false) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithRetainFlag(retain)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    [Theory]
    [InlineData(MqttProtocol.V311)]
    [InlineData(MqttProtocol.V5)]
    public async Task Connects_anonymously_and_a_published_message_is_acknowledged_and_delivered(MqttProtocol protocol)
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await BrokerObserver.StartAsync(broker.Port, "test/#");
        await using var connection = new MqttConnection(Settings(broker.Port, protocol), _log.Write);
        var states = new List<MqttConnectionState>();
        connection.StateChanged += (_, s) => states.Add(s);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");
        var acknowledged = await connection.PublishAsync(Message("test/hello", "world"));
        await Eventually.HoldsAsync(() => observer.Payloads("test/hello").Count == 1, "the message at the observer");

        Assert.True(acknowledged);
        Assert.Equal(["world"], observer.Payloads("test/hello"));
        Assert.Equal([MqttConnectionState.Connecting, MqttConnectionState.Connected], states);
        Assert.Equal(0, connection.Reconnects);
        Assert.NotNull(connection.ConnectedSince);
        Assert.Null(connection.LastError);
    }

    [Fact]
    public async Task Publishing_without_a_connection_returns_false_at_once_instead_of_throwing()
    {
        var port = LoopbackPort.Free(); // nothing listens here
        await using var connection = new MqttConnection(Settings(port), _log.Write);
        connection.Start();
        await Eventually.HoldsAsync(() => connection.LastError is not null, "a failed attempt");

        var outcome = await connection.PublishWithOutcomeAsync(Message("test/x", "1"));

        Assert.Equal(MqttPublishOutcome.NotConnected, outcome);
        Assert.False(await connection.PublishAsync(Message("test/x", "2")));
        Assert.NotEqual(MqttConnectionState.Connected, connection.State);
        Assert.Contains("connection refused", connection.LastError, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", connection.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_broker_is_killed_and_restarted_on_the_same_port_it_reconnects_and_subscriptions_come_back()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var received = new List<string>();
        await using var connection = new MqttConnection(Settings(broker.Port), _log.Write);
        connection.AddSubscription("test/in/#", MqttQualityOfServiceLevel.AtLeastOnce, (m, _) =>
        {
            lock (received)
            {
                received.Add(Encoding.UTF8.GetString(m.Payload.Span));
            }

            return Task.CompletedTask;
        });
        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the first connection");

        broker.Kill();
        await Eventually.HoldsAsync(() => !connection.IsConnected, "the connection to notice the dead broker");
        Assert.False(await connection.PublishAsync(Message("test/out", "while down")));
        await broker.RestartAsync();
        await Eventually.HoldsAsync(() => connection.IsConnected && connection.Reconnects == 1, "the reconnection");
        await using var other = await BrokerObserver.StartAsync(broker.Port, "unused/#");
        await other.PublishAsync(Message("test/in/cmd", "after restart"));
        await Eventually.HoldsAsync(() => { lock (received) { return received.Count == 1; } }, "the message on the re-established subscription");

        Assert.Equal(["after restart"], received);
        Assert.Equal(1, connection.Reconnects);
        Assert.Contains("lost the connection", connection.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbound_messages_carry_response_topic_correlation_data_and_user_properties_and_a_reply_reaches_the_asker()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var connection = new MqttConnection(Settings(broker.Port), _log.Write);
        MqttInboundMessage? seen = null;
        connection.AddSubscription("station/cmd/+", MqttQualityOfServiceLevel.AtLeastOnce, async (m, ct) =>
        {
            seen = m;
            var reply = new MqttApplicationMessageBuilder().WithTopic(m.ResponseTopic).WithPayload("{\"ok\":true}")
                .WithCorrelationData(m.CorrelationData!.Value.ToArray()).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            await connection.PublishAsync(reply, ct);
        });
        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");
        await using var asker = await BrokerObserver.StartAsync(broker.Port, "asker/replies");

        await asker.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("station/cmd/trigger").WithPayload("{}")
            .WithResponseTopic("asker/replies").WithCorrelationData([1, 2, 3]).WithUserProperty("origin", "test"u8.ToArray().AsMemory())
            .WithUserProperty("origin", "again"u8.ToArray().AsMemory()).WithContentType("application/json").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await Eventually.HoldsAsync(() => asker.Messages.Count == 1, "the reply");

        Assert.NotNull(seen);
        Assert.Equal("station/cmd/trigger", seen.Topic);
        Assert.Equal("{}", Encoding.UTF8.GetString(seen.Payload.Span));
        Assert.Equal("asker/replies", seen.ResponseTopic);
        Assert.Equal([1, 2, 3], seen.CorrelationData!.Value.ToArray());
        Assert.Equal([KeyValuePair.Create("origin", "test"), KeyValuePair.Create("origin", "again")], seen.UserProperties);
        Assert.Equal("application/json", seen.ContentType);
        Assert.Equal([1, 2, 3], asker.Messages[0].CorrelationData);
        Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(asker.Messages[0].Payload));
    }

    [Fact]
    public async Task Connected_hooks_run_before_others_can_publish_and_again_after_each_reconnect()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await BrokerObserver.StartAsync(broker.Port, "test/#");
        await using var relay = new TcpRelay(broker.Port);
        await using var connection = new MqttConnection(Settings(relay.Port), _log.Write);
        var hookSawConnected = new List<bool>();
        var othersPublished = new List<bool>();
        connection.AddConnectedHook(async (context, ct) =>
        {
            hookSawConnected.Add(connection.IsConnected);
            othersPublished.Add(await connection.PublishAsync(Message("test/birth", "by others"), ct)); // not yet open to others
            await context.PublishAsync(Message("test/birth", $"birth {context.ConnectCount}"), ct);
        });
        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");

        relay.Cut();
        await Eventually.HoldsAsync(() => connection.IsConnected && connection.Reconnects == 1, "the reconnection");
        await Eventually.HoldsAsync(() => observer.Payloads("test/birth").Count == 2, "two birth messages");

        Assert.Equal(["birth 1", "birth 2"], observer.Payloads("test/birth"));
        Assert.Equal([false, false], hookSawConnected);
        Assert.Equal([false, false], othersPublished);
    }

    [Fact]
    public async Task A_stop_publishes_the_final_messages_and_disconnects_cleanly_so_the_broker_discards_the_will()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await BrokerObserver.StartAsync(broker.Port, "station/status");
        var settings = Settings(broker.Port);
        var connection = new MqttConnection(settings, _log.Write)
        {
            WillProvider = () => new MqttWill("station/status", "offline (will)"u8.ToArray()),
        };
        connection.AddConnectedHook((c, ct) => c.PublishAsync(Message("station/status", "online", retain: true), ct));
        connection.Start();
        await Eventually.HoldsAsync(() => observer.Payloads("station/status").Contains("online"), "online");

        var clean = await connection.StopAsync([Message("station/status", "offline", retain: true)]);
        await Eventually.HoldsAsync(() => broker.RecentLog.Contains($"Client {settings.ClientId} disconnected.", StringComparison.Ordinal), "the broker to log the clean disconnect");
        await using var late = await BrokerObserver.StartAsync(broker.Port, "station/status"); // its only message: the retained one
        await Eventually.HoldsAsync(() => late.Messages.Count == 1, "the retained status");

        Assert.True(clean);
        Assert.Equal(MqttConnectionState.Disconnected, connection.State);
        Assert.Equal(["online", "offline"], observer.Payloads("station/status"));
        Assert.Equal(["offline"], late.Payloads("station/status"));
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task When_the_link_dies_abruptly_the_broker_publishes_the_will_of_that_session_and_a_fresh_will_is_asked_for_at_every_connect()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var observer = await BrokerObserver.StartAsync(broker.Port, "station/death");
        await using var relay = new TcpRelay(broker.Port);
        var asked = 0;
        await using var connection = new MqttConnection(Settings(relay.Port), _log.Write)
        {
            WillProvider = () => new MqttWill("station/death", Encoding.UTF8.GetBytes($"bdSeq {Interlocked.Increment(ref asked)}"), Retain: false),
        };
        var sessionWills = new List<string>();
        connection.AddConnectedHook((c, _) =>
        {
            sessionWills.Add(Encoding.UTF8.GetString(c.Will!.Payload.Span));
            return Task.CompletedTask;
        });
        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");

        relay.Cut(); // the broker sees the client vanish without DISCONNECT, as when the process dies
        await Eventually.HoldsAsync(() => observer.Payloads("station/death").Count == 1, "the first will");
        await Eventually.HoldsAsync(() => connection.IsConnected && connection.Reconnects == 1, "the reconnection");
        relay.Cut();
        await Eventually.HoldsAsync(() => observer.Payloads("station/death").Count == 2, "the second will");

        Assert.Equal(sessionWills.Take(2), observer.Payloads("station/death"));
        Assert.Equal(["bdSeq 1", "bdSeq 2"], sessionWills.Take(2));
        Assert.True(asked >= 2);
    }

    [Fact]
    public async Task A_stalled_link_is_found_dead_by_ping_and_replaced()
    {
        using var broker = await MosquittoBroker.StartAsync();
        await using var relay = new TcpRelay(broker.Port);
        var settings = Settings(relay.Port) with { KeepAlive = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2) };
        await using var connection = new MqttConnection(settings, _log.Write);
        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");

        var linksBefore = relay.Accepted;
        var reconnectsBefore = connection.Reconnects;

        relay.Stall(); // the sockets stay open, nothing gets through: only a ping can tell
        await Eventually.HoldsAsync(() => connection.Reconnects > reconnectsBefore && connection.IsConnected, "a new link after the stalled one");

        Assert.True(relay.Accepted > linksBefore);
        Assert.Contains("no answer to a ping within 2 s (dead link)", connection.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MqttProtocol.V311)]
    [InlineData(MqttProtocol.V5)]
    public async Task A_persistent_session_keeps_messages_sent_while_away_and_the_broker_says_the_session_was_present(MqttProtocol protocol)
    {
        using var broker = await MosquittoBroker.StartAsync();
        var settings = Settings(broker.Port, protocol) with { CleanSession = false };
        var first = new MqttConnection(settings, _log.Write);
        first.AddSubscription("queue/#", MqttQualityOfServiceLevel.AtLeastOnce, (_, _) => Task.CompletedTask);
        first.Start();
        await Eventually.HoldsAsync(() => first.IsConnected, "the first session");
        await first.DisposeAsync();
        await using var sender = await BrokerObserver.StartAsync(broker.Port, "unused/#");
        await sender.PublishAsync(Message("queue/1", "sent while away"));

        var received = new List<string>();
        var sessionPresent = new List<bool>();
        await using var second = new MqttConnection(settings, _log.Write);
        second.AddConnectedHook((c, _) =>
        {
            sessionPresent.Add(c.SessionPresent);
            return Task.CompletedTask;
        });
        second.AddSubscription("queue/#", MqttQualityOfServiceLevel.AtLeastOnce, (m, _) =>
        {
            lock (received)
            {
                received.Add(Encoding.UTF8.GetString(m.Payload.Span));
            }

            return Task.CompletedTask;
        });
        second.Start();
        await Eventually.HoldsAsync(() => { lock (received) { return received.Count == 1; } }, "the queued message");

        Assert.Equal(["sent while away"], received);
        Assert.Equal([true], sessionPresent);
    }

    [Fact]
    public async Task With_broker_persistence_a_graceful_broker_restart_keeps_retained_messages_and_the_session()
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Persistence = true });
        var sessionPresent = new List<bool>();
        await using var connection = new MqttConnection(Settings(broker.Port) with { CleanSession = false }, _log.Write);
        connection.AddConnectedHook((c, _) =>
        {
            lock (sessionPresent)
            {
                sessionPresent.Add(c.SessionPresent);
            }

            return Task.CompletedTask;
        });
        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");
        Assert.True(await connection.PublishAsync(Message("station/status", "online", retain: true)));

        await broker.StopAsync();
        Assert.True(File.Exists(Path.Combine(broker.Directory, "mosquitto.db")));
        await broker.RestartAsync();
        await Eventually.HoldsAsync(() => connection.IsConnected && connection.Reconnects == 1, "the reconnection");
        await using var late = await BrokerObserver.StartAsync(broker.Port, "station/status");
        await Eventually.HoldsAsync(() => late.Messages.Count == 1, "the retained status after the restart");

        Assert.Equal(["online"], late.Payloads("station/status"));
        lock (sessionPresent)
        {
            Assert.Equal([false, true], sessionPresent);
        }
    }
}
