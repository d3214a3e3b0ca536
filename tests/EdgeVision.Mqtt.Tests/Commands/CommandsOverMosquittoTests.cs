using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeVision.Mqtt.Commands;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Tests.Commands;

/// <summary>
/// Commands through a real Debian mosquitto: an HMI client sends them (MQTT 5, with and without a response topic),
/// a station client runs them through the processor and publishes the replies. The station subscribes to the whole
/// command tree on purpose, so it receives its own replies too: they must not be answered.
/// </summary>
public sealed class CommandsOverMosquittoTests
{
    private const string Root = "edgevision/station-1";

    [Fact]
    public async Task Commands_get_one_reply_each_with_correlation_data_and_the_stations_own_replies_do_not_loop()
    {
        using var broker = await MosquittoBroker.StartAsync();
        var target = new RecordingTarget("cam1");
        var processor = new CommandProcessor(new TopicScheme("edgevision", "station-1"), new CommandSettings(), target);
        await using var station = await Client.ConnectAsync(broker.Port, "station", $"{Root}/cmd/#");
        var stationWork = Task.Run(() => RunStation(station, processor));
        await using var hmi = await Client.ConnectAsync(broker.Port, "hmi", "hmi/replies/#", $"{Root}/cmd/+/reply");

        await hmi.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Root}/cmd/trigger").WithPayload("{\"camera\":\"cam1\",\"id\":1}")
            .WithResponseTopic("hmi/replies/1").WithCorrelationData([1, 2, 3]).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await hmi.PublishAsync(Message($"{Root}/cmd/recipe", Enumerable.Repeat((byte)'x', 1024 * 1024).ToArray()));
        var noise = new byte[200];
        new Random(11).NextBytes(noise);
        await hmi.PublishAsync(Message($"{Root}/cmd/reload", noise));
        await hmi.PublishAsync(Message($"{Root}/cmd/trigger/reply", "{\"verb\":\"trigger\",\"ok\":true}"u8.ToArray()));
        await hmi.PublishAsync(Message($"{Root}/cmd/reset-counters", "{\"id\":\"last\"}"u8.ToArray()));

        // The station sees its reply to the last command come back: everything before it has been seen too.
        await station.WaitForAsync(m => m.Any(x => x.Topic == $"{Root}/cmd/reset-counters/reply"));
        await hmi.WaitForAsync(m => m.Count >= 4);
        station.Complete();
        await stationWork;

        var replies = hmi.Messages;
        Assert.Equal(["hmi/replies/1", $"{Root}/cmd/recipe/reply", $"{Root}/cmd/reload/reply", $"{Root}/cmd/reset-counters/reply"], replies.Select(r => r.Topic));
        Assert.Equal([1, 2, 3], replies[0].CorrelationData!);
        Assert.Equal("application/json", replies[0].ContentType);
        Assert.True(Json(replies[0]).GetProperty("ok").GetBoolean());
        Assert.Equal(1, Json(replies[0]).GetProperty("id").GetInt32());
        Assert.Equal("too-large", Json(replies[1]).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("not-utf8", Json(replies[2]).GetProperty("error").GetProperty("code").GetString());
        Assert.Null(replies[2].CorrelationData);
        Assert.Equal("last", Json(replies[3]).GetProperty("id").GetString());
        Assert.Equal([("trigger", (string?)"cam1", (string?)null), ("reset-counters", null, null)], target.Calls);
        Assert.Equal(4, processor.Received);

        // What the station received: 4 commands, the HMI's fake reply, and its own 3 replies on cmd/…/reply.
        Assert.Equal(4, station.Messages.Count(m => m.Topic.EndsWith("/reply", StringComparison.Ordinal) && m.Topic.StartsWith(Root, StringComparison.Ordinal)));
    }

    private static async Task RunStation(Client station, CommandProcessor processor)
    {
        await foreach (var request in station.Requests.ReadAllAsync())
        {
            if (await processor.ProcessAsync(request) is { } reply)
            {
                await station.PublishAsync(reply.ToMqttMessage());
            }
        }
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static JsonElement Json(Received message) => JsonDocument.Parse(message.Payload).RootElement.Clone();

    private sealed record Received(string Topic, byte[] Payload, byte[]? CorrelationData, string? ContentType);

    /// <summary>An MQTT 5 client that records what it receives and queues it as command requests.</summary>
    private sealed class Client : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly ConcurrentQueue<Received> _messages = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly Channel<CommandRequest> _requests = Channel.CreateUnbounded<CommandRequest>();

        public IReadOnlyList<Received> Messages => [.. _messages];

        public ChannelReader<CommandRequest> Requests => _requests.Reader;

        public static async Task<Client> ConnectAsync(int port, string id, params string[] filters)
        {
            var c = new Client();
            c._client.ApplicationMessageReceivedAsync += e =>
            {
                var m = e.ApplicationMessage;
                c._requests.Writer.TryWrite(m.ToCommandRequest()); // copied: processed after the handler returns
                c._messages.Enqueue(new Received(m.Topic, m.Payload.ToArray(), m.CorrelationData, m.ContentType));
                c._arrived.Release();
                return Task.CompletedTask;
            };
            await c._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(id)
                .WithProtocolVersion(MqttProtocolVersion.V500).WithCleanSession(true).Build());
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var filter in filters)
            {
                // No-local: the HMI does not hear its own fake reply, so it records only the station's replies.
                subscribe = subscribe.WithTopicFilter(new MqttTopicFilterBuilder().WithTopic(filter)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithNoLocal(id == "hmi").Build());
            }

            await c._client.SubscribeAsync(subscribe.Build());
            return c;
        }

        public Task<MqttClientPublishResult> PublishAsync(MqttApplicationMessage message) => _client.PublishAsync(message);

        public void Complete() => _requests.Writer.TryComplete();

        public async Task WaitForAsync(Func<IReadOnlyList<Received>, bool> condition)
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
