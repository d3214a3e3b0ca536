using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using EdgeVision.Inspection.Results;
using MQTTnet;
using MQTTnet.Server;

namespace EdgeVision.Mqtt.Tests;

/// <summary>The publisher against MQTTnet's broker running in-process on a free loopback port.</summary>
public sealed class ResultPublisherTests
{
    [Fact]
    public void Topics_follow_the_documented_contract()
    {
        var topics = new TopicScheme("edgevision", "station-7");

        Assert.Equal("edgevision/station-7/status", topics.Status);
        Assert.Equal("edgevision/station-7/cam2/result", topics.Result("cam2"));
    }

    [Fact]
    public async Task Results_arrive_in_order_and_the_status_is_online_then_offline_after_a_clean_stop()
    {
        var port = LoopbackPort.Free();
        await using var broker = new EmbeddedBroker(IPAddress.Loopback, port);
        await broker.StartAsync();
        await using var recorder = await Recorder.StartAsync(port);
        var publisher = new ResultPublisher(Settings(port));
        publisher.Start();

        for (var i = 1; i <= 20; i++)
        {
            Assert.True(publisher.TryEnqueue(Result(i)));
        }

        await recorder.WaitForAsync(m => m.Count(x => x.Topic.EndsWith("/result", StringComparison.Ordinal)) == 20);
        await publisher.StopAsync(TimeSpan.FromSeconds(10));
        await recorder.WaitForAsync(m => m.Any(x => x.Payload == "offline"));

        var seqs = recorder.Messages.Where(m => m.Topic == "edgevision/station-1/cam1/result")
            .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), seqs);
        var statuses = recorder.Messages.Where(m => m.Topic == "edgevision/station-1/status").Select(m => m.Payload).ToList();
        Assert.Equal(["online", "offline"], statuses);
        Assert.Equal(20, publisher.Published);
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task Results_produced_while_the_broker_is_down_are_delivered_after_it_comes_back()
    {
        var port = LoopbackPort.Free();
        var publisher = new ResultPublisher(Settings(port) with { MinReconnectDelay = TimeSpan.FromMilliseconds(50), MaxReconnectDelay = TimeSpan.FromMilliseconds(200) });
        publisher.Start();
        for (var i = 1; i <= 10; i++)
        {
            publisher.TryEnqueue(Result(i));
        }

        Assert.False(publisher.IsConnected);
        Assert.Equal(10, publisher.Backlog);

        // The broker records what it receives itself: a subscriber connecting after it starts could miss messages
        // the publisher sends in that moment.
        var received = new ConcurrentQueue<long>();
        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build();
        using var server = new MqttServerFactory().CreateMqttServer(options);
        using var all = new SemaphoreSlim(0);
        server.InterceptingPublishAsync += e =>
        {
            if (e.ApplicationMessage.Topic.EndsWith("/result", StringComparison.Ordinal))
            {
                received.Enqueue(JsonDocument.Parse(e.ApplicationMessage.Payload).RootElement.GetProperty("seq").GetInt64());
                if (received.Count == 10)
                {
                    all.Release();
                }
            }

            return Task.CompletedTask;
        };
        await server.StartAsync();
        Assert.True(await all.WaitAsync(TimeSpan.FromSeconds(30)), $"the broker received {received.Count} of 10 results");

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), received);

        // The recorder may see the 10th message before the publisher has processed the broker's acknowledgement.
        Assert.True(SpinWait.SpinUntil(() => publisher.Published == 10, TimeSpan.FromSeconds(30)), $"published {publisher.Published}");
        Assert.Equal(0, publisher.Dropped);
        await publisher.DisposeAsync();
    }

    [Fact]
    public async Task The_embedded_broker_assigns_an_id_to_an_MQTT5_client_that_sends_none()
    {
        var port = LoopbackPort.Free();
        await using var broker = new EmbeddedBroker(IPAddress.Loopback, port);
        await broker.StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();

        var reply = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(string.Empty)
            .WithCleanSession(true)
            .Build());

        Assert.Equal(MqttClientConnectResultCode.Success, reply.ResultCode);
        Assert.StartsWith("auto-", reply.AssignedClientIdentifier, StringComparison.Ordinal);
        await client.DisconnectAsync(new MqttClientDisconnectOptions());
    }

    [Fact]
    public async Task A_full_queue_drops_its_oldest_results_and_counts_them()
    {
        var publisher = new ResultPublisher(Settings(LoopbackPort.Free()) with { QueueCapacity = 5 });

        for (var i = 1; i <= 8; i++)
        {
            publisher.TryEnqueue(Result(i));
        }

        Assert.Equal(3, publisher.Dropped);
        Assert.Equal(5, publisher.Backlog);
        await publisher.DisposeAsync();
    }

    private static MqttSettings Settings(int port) => new() { BrokerHost = "127.0.0.1", Port = port, Device = "station-1" };

    private static InspectionResult Result(long seq) => new()
    {
        Device = "station-1",
        Camera = "cam1",
        Sequence = seq,
        FrameSequence = seq + 100,
        CaptureTime = DateTimeOffset.UnixEpoch,
        CompletedTime = DateTimeOffset.UnixEpoch,
        Recipe = "r",
        RecipeChecksum = "sha256:00",
        Verdict = Verdict.Pass,
        Reasons = [],
        Pose = new PoseResult(true, 1, 2, 3),
        Measurements = [],
        Defects = [],
        Timings = [],
    };


    private sealed class Recorder : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<(string Topic, string Payload)> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<(string Topic, string Payload)> Messages => [.. _messages];

        public static async Task<Recorder> StartAsync(int port)
        {
            var r = new Recorder();
            r._client.ApplicationMessageReceivedAsync += e =>
            {
                r._messages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
                r._arrived.Release();
                return Task.CompletedTask;
            };
            await r._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("recorder").Build());
            await r._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("edgevision/#", MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return r;
        }

        public async Task WaitForAsync(Func<IReadOnlyList<(string Topic, string Payload)>, bool> condition)
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
