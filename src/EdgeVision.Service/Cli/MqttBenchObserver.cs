using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Service.Cli;

/// <summary>
/// The bench's independent subscriber: a plain MQTTnet client with a persistent session (so the broker queues results
/// for it while it reconnects after the drain phase's restart) that reads <c>msgSeq</c>, <c>seq</c> and
/// <c>historical</c> from each result payload and records the first arrival time of every <c>msgSeq</c>, duplicates,
/// first deliveries out of order, and anything it cannot account for. Its handler runs on MQTTnet's receive loop and
/// drops nothing: a slow observer slows the broker's deliveries to it, which the bench would then measure.
/// </summary>
internal sealed class MqttBenchObserver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly string _filter;
    private readonly string _topic;
    private readonly MqttQualityOfServiceLevel _qos;
    private readonly long[] _arrival; // by msgSeq: Stopwatch timestamp of the first delivery, 0 until then
    private readonly long[] _resultSeq; // by msgSeq: the result's own "seq"
    private readonly bool[] _historical; // by msgSeq: flagged historical on its first delivery
    private long _distinct;
    private long _duplicates;
    private long _outOfOrder;
    private long _unexpected;
    private long _highest;
    private long _others;

    /// <summary>Creates the observer of <paramref name="topic"/>'s results; other topics matching <paramref name="filter"/> are only counted (warm-up).</summary>
    public MqttBenchObserver(string host, int port, string filter, string topic, MqttQualityOfServiceLevel qos, long capacity)
    {
        _filter = filter;
        _topic = topic;
        _qos = qos;
        _arrival = new long[capacity + 1];
        _resultSeq = new long[capacity + 1];
        _historical = new bool[capacity + 1];
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Record(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        };
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId($"edgevision-bench-observer-{Environment.ProcessId}")
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanSession(false)
            .WithSessionExpiryInterval(3600)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
    }

    /// <summary>Distinct msgSeq received.</summary>
    public long Distinct
    {
        get
        {
            lock (_gate)
            {
                return _distinct;
            }
        }
    }

    /// <summary>Messages on other topics of the filter (the warm-up stream).</summary>
    public long Others
    {
        get
        {
            lock (_gate)
            {
                return _others;
            }
        }
    }

    /// <summary>Whether the client is connected now.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects (retrying for up to 30 s while the broker starts) and subscribes.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await _client.ConnectAsync(_options, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or System.Net.Sockets.SocketException && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false); // the broker is still starting
            }
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_filter, _qos).Build();
        var granted = await _client.SubscribeAsync(subscribe, cancellationToken).ConfigureAwait(false);
        if (granted.Items.Any(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2))
        {
            throw new InvalidOperationException($"the broker refused the observer's subscription to {_filter}");
        }
    }

    /// <summary>
    /// What arrived for msgSeq <paramref name="from"/> to <paramref name="through"/>; its duplicate, out-of-order and
    /// unexpected counts are totals so far (an empty range, e.g. 1..0, reads just those).
    /// </summary>
    public ObservedRange Observe(long from, long through)
    {
        lock (_gate)
        {
            long received = 0, historical = 0, mismatched = 0, first = long.MaxValue, last = 0;
            for (var s = from; s <= through && s < _arrival.Length; s++)
            {
                if (_arrival[s] == 0)
                {
                    continue;
                }

                received++;
                historical += _historical[s] ? 1 : 0;
                mismatched += _resultSeq[s] != s ? 1 : 0;
                first = Math.Min(first, _arrival[s]);
                last = Math.Max(last, _arrival[s]);
            }

            return new ObservedRange(through - from + 1, received, historical, mismatched, _duplicates, _outOfOrder, _unexpected, received == 0 ? 0 : first, last);
        }
    }

    /// <summary>Stopwatch timestamp of the first delivery of <paramref name="msgSeq"/>, 0 if none.</summary>
    public long ArrivalOf(long msgSeq)
    {
        lock (_gate)
        {
            return msgSeq > 0 && msgSeq < _arrival.Length ? _arrival[msgSeq] : 0;
        }
    }

    /// <summary>The result "seq" carried by <paramref name="msgSeq"/>'s first delivery.</summary>
    public long ResultSequenceOf(long msgSeq)
    {
        lock (_gate)
        {
            return msgSeq > 0 && msgSeq < _resultSeq.Length ? _resultSeq[msgSeq] : 0;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // the broker is gone already
            }
        }

        _client.Dispose();
    }

    private void Record(string topic, ReadOnlySequence<byte> payload, long now)
    {
        var (msgSeq, resultSeq, historical) = Parse(payload);
        lock (_gate)
        {
            if (topic != _topic)
            {
                _others++;
                return;
            }

            if (msgSeq <= 0 || msgSeq >= _arrival.Length)
            {
                _unexpected++;
                return;
            }

            if (_arrival[msgSeq] != 0)
            {
                _duplicates++;
                return;
            }

            _arrival[msgSeq] = now;
            _resultSeq[msgSeq] = resultSeq;
            _historical[msgSeq] = historical;
            _distinct++;
            if (msgSeq < _highest)
            {
                _outOfOrder++; // a first delivery behind one already seen
            }

            _highest = Math.Max(_highest, msgSeq);
        }
    }

    /// <summary>Reads the top-level <c>msgSeq</c>, <c>seq</c> and <c>historical</c> fields (msgSeq −1 when the payload is not a result).</summary>
    private static (long MsgSeq, long Seq, bool Historical) Parse(ReadOnlySequence<byte> payload)
    {
        long msgSeq = -1, seq = -1;
        var historical = false;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (-1, -1, false);
            }

            // The publisher writes historical, msgSeq, then the result (schema, device, camera, seq, ...): stop at seq.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (msgSeq < 0 || seq < 0))
            {
                var name = reader.ValueTextEquals("msgSeq"u8) ? 1 : reader.ValueTextEquals("seq"u8) ? 2 : reader.ValueTextEquals("historical"u8) ? 3 : 0;
                reader.Read();
                switch (name)
                {
                    case 1: msgSeq = reader.GetInt64(); break;
                    case 2: seq = reader.GetInt64(); break;
                    case 3: historical = reader.TokenType == JsonTokenType.True; break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return (-1, -1, false);
        }

        return (msgSeq, seq, historical);
    }
}

/// <summary>What the observer saw of one range of msgSeq (duplicates, out-of-order and unexpected are totals so far).</summary>
internal readonly record struct ObservedRange(
    long Expected,
    long Received,
    long Historical,
    long SeqMismatches,
    long Duplicates,
    long OutOfOrder,
    long Unexpected,
    long FirstArrival,
    long LastArrival)
{
    public long Missing => Expected - Received;
}
