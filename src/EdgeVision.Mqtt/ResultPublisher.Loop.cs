using EdgeVision.Inspection.Results;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt;

/// <content>The connection loop: connect, publish in order, reconnect with backoff.</content>
public sealed partial class ResultPublisher
{
    private async Task RunAsync(CancellationToken stop)
    {
        var delay = _settings.MinReconnectDelay;
        var connectedBefore = false;
        InspectionResult? pending = null;
        while (!stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                if (!await TryConnectAsync(stop).ConfigureAwait(false))
                {
                    await Task.Delay(Jitter(delay), stop).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxReconnectDelay.Ticks));
                    continue;
                }

                if (connectedBefore)
                {
                    Interlocked.Increment(ref _reconnects);
                }

                connectedBefore = true;
                delay = _settings.MinReconnectDelay;
            }

            if (pending is null)
            {
                var read = _queue.Reader.WaitToReadAsync(stop).AsTask();
                var ping = Task.Delay(_settings.KeepAlive, stop);
                if (await Task.WhenAny(read, ping).ConfigureAwait(false) == ping)
                {
                    await PingAsync(stop).ConfigureAwait(false);
                    continue;
                }

                if (!await read.ConfigureAwait(false))
                {
                    return; // completed and drained
                }

                _queue.Reader.TryRead(out pending);
                if (pending is null)
                {
                    continue;
                }
            }

            if (await TryPublishAsync(pending, stop).ConfigureAwait(false))
            {
                pending = null; // only an acknowledged result is let go
            }
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken stop)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.BrokerHost ?? "127.0.0.1", _settings.Port)
            .WithClientId(_settings.ClientId ?? $"edgevision-{_settings.Device}")
            .WithCleanSession(true)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithWillTopic(_topics.Status)
            .WithWillPayload("offline"u8.ToArray())
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await _client.ConnectAsync(options, stop).ConfigureAwait(false);
            await _client.PublishAsync(Status("online"), stop).ConfigureAwait(false);
            _log($"MQTT: connected to {_settings.BrokerHost ?? "127.0.0.1"}:{_settings.Port}");
            return true;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            stop.ThrowIfCancellationRequested();
            _log($"MQTT: cannot connect to {_settings.BrokerHost ?? "127.0.0.1"}:{_settings.Port}: {e.Message}");
            return false;
        }
    }

    private async Task<bool> TryPublishAsync(InspectionResult result, CancellationToken stop)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_topics.Result(result.Camera))
            .WithPayload(InspectionResultJson.ToUtf8(result))
            .WithContentType("application/json")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            var reply = await _client.PublishAsync(message, stop).ConfigureAwait(false);
            if (reply.IsSuccess)
            {
                Interlocked.Increment(ref _published);
                return true;
            }

            _log($"MQTT: broker refused result {result.Sequence}: {reply.ReasonCode}");
            return true; // a refusal is final (e.g. not authorised); retrying would block every later result
        }
        catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException)
        {
            _log($"MQTT: publish failed, will reconnect: {e.Message}");
            await DropConnectionAsync().ConfigureAwait(false);
            return false;
        }
    }

    private async Task PingAsync(CancellationToken stop)
    {
        if (!await _client.TryPingAsync(stop).ConfigureAwait(false))
        {
            _log("MQTT: ping failed, reconnecting");
            await DropConnectionAsync().ConfigureAwait(false);
        }
    }

    private async Task DropConnectionAsync()
    {
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions()).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            // already gone
        }
    }

    private MqttApplicationMessage Status(string state) => new MqttApplicationMessageBuilder()
        .WithTopic(_topics.Status)
        .WithPayload(System.Text.Encoding.UTF8.GetBytes(state))
        .WithRetainFlag(true)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

#pragma warning disable CA5394 // jitter needs no cryptographic randomness
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.75 + (0.5 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
}
