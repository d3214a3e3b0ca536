using System.Collections.Concurrent;
using System.Text;
using MQTTnet;

namespace EdgeVision.IntegrationTests.Fixtures;

/// <summary>An independent MQTT client that records every message on a topic filter, for assertions.</summary>
public sealed class TopicRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retained)> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TopicRecorder(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var m = e.ApplicationMessage;
            _messages.Enqueue((m.Topic, Encoding.UTF8.GetString(m.Payload), m.Retain));
            _arrived.Release();
            return Task.CompletedTask;
        };
    }

    /// <summary>Every message so far, in arrival order.</summary>
    public IReadOnlyList<(string Topic, string Payload, bool Retained)> Messages => [.. _messages];

    /// <summary>Connects to the broker and subscribes to <paramref name="filter"/> with QoS 1.</summary>
    public static async Task<TopicRecorder> StartAsync(int port, string filter, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var recorder = new TopicRecorder(client);
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter, MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return recorder;
    }

    /// <summary>Waits until <paramref name="condition"/> holds over the messages, or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<(string Topic, string Payload, bool Retained)>, bool> condition, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!condition(Messages))
        {
            try
            {
                await _arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}; got {_messages.Count} message(s).");
            }
        }
    }

    /// <inheritdoc/>
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
