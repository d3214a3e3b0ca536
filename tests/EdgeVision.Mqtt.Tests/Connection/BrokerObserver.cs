using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Tests.Connection;

/// <summary>An independent MQTTnet client on the broker's plain port: records what arrives on a filter and publishes as a third party.</summary>
internal sealed class BrokerObserver : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<MqttApplicationMessage> _messages = new();

    private BrokerObserver()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _messages.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<MqttApplicationMessage> Messages => [.. _messages];

    /// <summary>Payloads (UTF-8) received on <paramref name="topic"/>, in order.</summary>
    public IReadOnlyList<string> Payloads(string topic)
        => [.. _messages.Where(m => m.Topic == topic).Select(m => Encoding.UTF8.GetString(m.Payload))];

    /// <summary>Connects (MQTT 5) and subscribes to <paramref name="filter"/> with QoS 1.</summary>
    public static async Task<BrokerObserver> StartAsync(int port, string filter)
    {
        var observer = new BrokerObserver();
        await observer._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId($"observer-{Guid.NewGuid():N}")
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .Build());
        await observer._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        return observer;
    }

    /// <summary>Publishes with QoS 1 as a third party.</summary>
    public Task PublishAsync(MqttApplicationMessage message) => _client.PublishAsync(message);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions());
        }

        _client.Dispose();
    }
}

/// <summary>Waits for a condition with a generous timeout (polling every 20 ms); a timeout fails the test with what was awaited.</summary>
internal static class Eventually
{
    /// <summary>The default patience: generous, because the machine is shared and noisy.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> otherwise.</summary>
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? Patience).TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }
}
