using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.Images;
using EdgeVision.Mqtt.Outbox;
using Microsoft.Data.Sqlite;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt;

/// <content>The writer (memory to outbox), sender (outbox to broker) and image loops.</content>
public sealed partial class ResultPublisher
{
    private async Task WriteLoopAsync(CancellationToken stop)
    {
        var batch = new List<Pending>(BatchSize);
        var appends = new List<OutboxAppend>(BatchSize);
        while (await _incoming.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
        {
            batch.Clear();
            appends.Clear();
            while (batch.Count < BatchSize && _incoming.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                var result = pending.Result;
                appends.Add(new OutboxAppend(result.Camera, _topics.Result(result.Camera), seq => MqttPayloads.Result(result, seq)));
            }

            var entries = await AppendWithRetryAsync(appends, stop).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i].Image is not { } image)
                {
                    continue;
                }

                if (!_connection.IsConnected || !_toEncode.Writer.TryWrite((image, entries[i].Sequence)))
                {
                    Interlocked.Increment(ref _imagesDropped); // images are live-only: not kept while the broker is away
                    _images.Release(image);
                }
            }

            Wake();
        }
    }

    // A failing disk must not lose what was handed over: keep the batch and retry (the hand-over queue absorbs the
    // wait, dropping its oldest and counting them if the failure lasts).
    private async Task<IReadOnlyList<OutboxEntry>> AppendWithRetryAsync(List<OutboxAppend> appends, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return _outbox.Append(appends);
            }
            catch (SqliteException e)
            {
                _log($"MQTT: cannot write the outbox ({_outbox.FilePath}), retrying in {delay.TotalMilliseconds:0} ms: {e.Message}");
                await Task.Delay(delay, stop).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task SendLoopAsync(CancellationToken stop)
    {
        var session = -1L;
        long boundary = 0, historyCursor = 0, liveCursor = 0;
        var acknowledged = new List<long>(BatchSize);
        var takeHistory = true;
        while (!stop.IsCancellationRequested)
        {
            if (!_connection.IsConnected)
            {
                await WaitAsync(stop).ConfigureAwait(false);
                continue;
            }

            var current = Interlocked.Read(ref _session);
            if (current != session)
            {
                session = current;
                boundary = Interlocked.Read(ref _boundary);
                historyCursor = 0;
                liveCursor = boundary;
            }

            var history = historyCursor < boundary ? _outbox.Read(historyCursor, boundary, BatchSize) : [];
            if (history.Count == 0)
            {
                historyCursor = boundary;
            }

            var interleave = _settings.BacklogOrder == BacklogOrder.Interleaved;
            IReadOnlyList<OutboxMessage> rows;
            if (history.Count > 0 && (!interleave || takeHistory))
            {
                rows = history;
            }
            else
            {
                rows = _outbox.Read(liveCursor, long.MaxValue, interleave ? BatchSize / 4 : BatchSize);
                if (rows.Count == 0)
                {
                    rows = history;
                }
            }

            takeHistory = !takeHistory;
            if (rows.Count == 0)
            {
                await WaitAsync(stop).ConfigureAwait(false);
                continue;
            }

            acknowledged.Clear();
            var linkLost = false;
            foreach (var row in rows)
            {
                var historical = row.Id <= boundary;
                var outcome = await _connection.PublishWithOutcomeAsync(ResultMessage(row, historical), stop).ConfigureAwait(false);
                if (outcome is MqttPublishOutcome.NotConnected or MqttPublishOutcome.Failed)
                {
                    linkLost = true; // kept: published again on the next session (consumers drop duplicates by msgSeq)
                    break;
                }

                if (outcome == MqttPublishOutcome.Refused)
                {
                    Interlocked.Increment(ref _refused);
                    _log($"MQTT: the broker refused {row.Topic} msgSeq {row.Sequence}; it is removed from the outbox");
                }
                else
                {
                    Interlocked.Increment(ref _published);
                    if (historical)
                    {
                        Interlocked.Increment(ref _historical);
                    }
                }

                acknowledged.Add(row.Id);
                if (historical)
                {
                    historyCursor = row.Id;
                }
                else
                {
                    liveCursor = row.Id;
                }
            }

            if (acknowledged.Count > 0)
            {
                _outbox.Remove(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(acknowledged));
            }

            if (linkLost)
            {
                await WaitAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private MqttApplicationMessage ResultMessage(OutboxMessage row, bool historical)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(row.Topic)
            .WithPayload(historical ? MqttPayloads.MarkHistorical(row.Payload) : row.Payload)
            .WithQualityOfServiceLevel(_settings.QualityOfService);
        if (_connection.Settings.ProtocolVersion == MqttProtocol.V5)
        {
            builder = builder.WithContentType("application/json")
                .WithUserProperty("msgSeq", Utf8(row.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .WithUserProperty("historical", Utf8(historical ? "true" : "false"));
        }

        return builder.Build();
    }

    private async Task ImageLoopAsync(CancellationToken stop)
    {
        await foreach (var (image, messageSequence) in _toEncode.Reader.ReadAllAsync(stop).ConfigureAwait(false))
        {
            try
            {
                var result = image.Result!;
                var jpeg = _images.Encode(image);
                var camera = result.Camera;
                var seq = messageSequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
                bool sent;
                if (_connection.Settings.ProtocolVersion == MqttProtocol.V5)
                {
                    sent = await _connection.PublishAsync(ImageMessage(camera, jpeg, seq, result.Sequence), stop).ConfigureAwait(false);
                }
                else
                {
                    // MQTT 3.1.1 has no user properties: a companion message names the image's result just before it.
                    var meta = System.Text.Encoding.UTF8.GetBytes($"{{\"camera\":\"{camera}\",\"msgSeq\":{seq},\"seq\":{result.Sequence},\"contentType\":\"image/jpeg\",\"bytes\":{jpeg.Length}}}");
                    sent = await _connection.PublishAsync(Message(_topics.ImageMeta(camera), meta), stop).ConfigureAwait(false)
                        && await _connection.PublishAsync(Message(_topics.Image(camera), jpeg), stop).ConfigureAwait(false);
                }

                Interlocked.Increment(ref sent ? ref _imagesPublished : ref _imagesDropped);
            }
            finally
            {
                _images.Release(image);
            }
        }
    }

    private MqttApplicationMessage ImageMessage(string camera, byte[] jpeg, string messageSequence, long resultSequence) => new MqttApplicationMessageBuilder()
        .WithTopic(_topics.Image(camera))
        .WithPayload(jpeg)
        .WithContentType("image/jpeg")
        .WithUserProperty("msgSeq", Utf8(messageSequence))
        .WithUserProperty("seq", Utf8(resultSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce)
        .Build();

    private static MqttApplicationMessage Message(string topic, byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    private static ReadOnlyMemory<byte> Utf8(string value) => System.Text.Encoding.UTF8.GetBytes(value);

    private async Task WaitAsync(CancellationToken stop)
    {
        try
        {
            await _wake.WaitAsync(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
