using System.Buffers;
using System.Collections.Concurrent;
using EdgeVision.Mqtt.Sparkplug;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using static EdgeVision.Mqtt.Tests.Sparkplug.SparkplugFixture;

namespace EdgeVision.Mqtt.Tests.Sparkplug;

/// <summary>
/// The node's messages through a real mosquitto broker to a host-like subscriber: the NDEATH registered as the will is
/// what the broker publishes when the session ends badly, and the bdSeq rules hold across the reconnect.
/// </summary>
public sealed class SparkplugBrokerTests
{
    [Fact]
    public async Task Births_data_rebirth_and_the_will_reach_a_host_through_mosquitto_with_matching_bdSeq()
    {
        using var broker = await MosquittoBroker.StartAsync();
        using var f = new SparkplugFixture();
        await using var host = await Host.StartAsync(broker.Port);
        using var node = new NodeConnection(f.Node, broker.Port);

        await node.ConnectAsync();
        await host.WaitForAsync(m => m.Count(x => x.Topic.Contains("BIRTH", StringComparison.Ordinal)) == 3);
        await node.PublishAsync(f.Node.OnResult(Result("cam1", 1)));
        await host.WaitForAsync(m => m.Any(x => x.Topic.Contains("/DDATA/", StringComparison.Ordinal)));
        await host.PublishAsync("spBv1.0/Line 4/NCMD/station-1", SparkplugCommandTests.RebirthCommand(byName: true, value: true));
        await host.WaitForAsync(m => m.Count(x => x.Topic.Contains("/NBIRTH/", StringComparison.Ordinal)) == 2);
        await node.DropAsync();
        await host.WaitForAsync(m => m.Any(x => x.Topic.Contains("/NDEATH/", StringComparison.Ordinal)));
        await node.ConnectAsync();
        await host.WaitForAsync(m => m.Count(x => x.Topic.Contains("/NBIRTH/", StringComparison.Ordinal)) == 3);

        var received = host.Messages.Select(m => (m.Topic, Payload: Payload.Parser.ParseFrom(m.Payload))).ToList();
        var nbirths = received.Where(m => m.Topic == "spBv1.0/Line 4/NBIRTH/station-1").Select(m => m.Payload).ToList();
        var ndeath = received.Single(m => m.Topic == "spBv1.0/Line 4/NDEATH/station-1").Payload;
        Assert.Equal([0L, 0L, 1L], nbirths.Select(BdSeqOf));
        Assert.Equal(0L, BdSeqOf(ndeath));
        Assert.False(ndeath.HasSeq);
        Assert.All(nbirths, b => Assert.Equal(0UL, b.Seq));
        // Within the first session the host sees one unbroken seq run, the rebirth starting again at 0.
        var firstSession = received.TakeWhile(m => !m.Topic.Contains("/NDEATH/", StringComparison.Ordinal))
            .Where(m => !m.Topic.Contains("/NCMD/", StringComparison.Ordinal)).Select(m => m.Payload.Seq).ToList();
        Assert.Equal([0UL, 1UL, 2UL, 3UL, 0UL, 1UL, 2UL], firstSession);
        var ddata = received.Single(m => m.Topic == "spBv1.0/Line 4/DDATA/station-1/cam1").Payload;
        var aliases = received.First(m => m.Topic.EndsWith("DBIRTH/station-1/cam1", StringComparison.Ordinal)).Payload.Metrics.ToDictionary(m => m.Alias, m => m.Name);
        Assert.Equal("pass", ddata.Metrics.Single(m => aliases[m.Alias] == "Result/Verdict").StringValue);
    }

    /// <summary>A minimal connection doing what the service's will: the node's will on CONNECT, its subscriptions, its outcomes published.</summary>
    private sealed class NodeConnection(SparkplugNode node, int port) : IDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly SemaphoreSlim _publishing = new(1, 1);
        private bool _handlerAdded;

        public async Task ConnectAsync()
        {
            if (!_handlerAdded)
            {
                _client.ApplicationMessageReceivedAsync += e => PublishAsync(node.OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload));
                _handlerAdded = true;
            }

            var will = node.StartSession();
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer("127.0.0.1", port)
                .WithClientId("edgevision-station-1")
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(true)
                .WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload)
                .WithWillQualityOfServiceLevel(will.QualityOfService)
                .WithWillRetain(will.Retain)
                .Build();
            await _client.ConnectAsync(options);
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in node.Subscriptions)
            {
                subscribe.WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce);
            }

            await _client.SubscribeAsync(subscribe.Build());
            await PublishAsync(node.OnConnected());
        }

        public async Task PublishAsync(SparkplugOutcome outcome)
        {
            await _publishing.WaitAsync();
            try
            {
                foreach (var m in outcome.Messages)
                {
                    await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(m.Topic).WithPayload(m.Payload)
                        .WithQualityOfServiceLevel(m.QualityOfService).WithRetainFlag(m.Retain).Build());
                }
            }
            finally
            {
                _publishing.Release();
            }
        }

        /// <summary>Ends the session the way a crash looks to the broker: it publishes the will.</summary>
        public async Task DropAsync()
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build());
            node.OnDisconnected();
        }

        public void Dispose()
        {
            _client.Dispose();
            _publishing.Dispose();
        }
    }

    /// <summary>A host application stand-in: records every spBv1.0 message and can send commands.</summary>
    private sealed class Host : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<(string Topic, byte[] Payload)> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<(string Topic, byte[] Payload)> Messages => [.. _messages];

        public static async Task<Host> StartAsync(int port)
        {
            var host = new Host();
            host._client.ApplicationMessageReceivedAsync += e =>
            {
                host._messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
                host._arrived.Release();
                return Task.CompletedTask;
            };
            await host._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("host").Build());
            await host._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("spBv1.0/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return host;
        }

        public async Task PublishAsync(string topic, byte[] payload) =>
            await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build());

        public async Task WaitForAsync(Func<IReadOnlyList<(string Topic, byte[] Payload)>, bool> condition)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!condition(Messages))
            {
                await _arrived.WaitAsync(timeout.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions());
            }

            _client.Dispose();
            _arrived.Dispose();
        }
    }
}
