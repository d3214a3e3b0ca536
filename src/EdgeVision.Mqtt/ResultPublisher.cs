using System.Threading.Channels;
using EdgeVision.Inspection.Results;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt;

/// <summary>
/// Publishes inspection results and the station's availability. The pipeline hands results over with
/// <see cref="TryEnqueue"/>, which never blocks; a background loop keeps the connection up (reconnecting with
/// exponential backoff and jitter, detecting dead links by ping) and publishes in order with QoS 1, keeping a
/// result until the broker acknowledged it. The retained <c>status</c> topic says <c>online</c> while connected;
/// the broker publishes the retained last will <c>offline</c> if the service dies, and a clean stop publishes it too.
/// </summary>
public sealed partial class ResultPublisher : IAsyncDisposable
{
    private readonly MqttSettings _settings;
    private readonly TopicScheme _topics;
    private readonly Channel<InspectionResult> _queue;
    private readonly IMqttClient _client;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _published;
    private long _dropped;
    private long _reconnects;

    /// <summary>Creates the publisher; <paramref name="log"/> receives connection events as text.</summary>
    public ResultPublisher(MqttSettings settings, Action<string>? log = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _topics = new TopicScheme(settings.TopicPrefix, settings.Device);
        _log = log ?? (_ => { });
        _queue = Channel.CreateBounded<InspectionResult>(
            new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _client = new MqttClientFactory().CreateMqttClient();
    }

    /// <summary>The topics used.</summary>
    public TopicScheme Topics => _topics;

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Results acknowledged by the broker.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Results dropped because the in-memory queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Connections made after the first.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Results waiting to be published.</summary>
    public int Backlog => _queue.Reader.CanCount ? _queue.Reader.Count : 0;

    /// <summary>Starts the connect-and-publish loop.</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Hands a result over for publishing; never blocks (a full queue drops its oldest entry, counted).</summary>
    public bool TryEnqueue(InspectionResult result) => _queue.Writer.TryWrite(result);

    /// <summary>
    /// Stops accepting results, publishes what is queued (waiting up to <paramref name="drainTimeout"/> for the broker),
    /// publishes <c>offline</c> and disconnects.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            var finished = await Task.WhenAny(_loop, Task.Delay(drainTimeout)).ConfigureAwait(false);
            if (finished != _loop)
            {
                _log($"MQTT: {Backlog} result(s) not delivered before shutdown");
            }

            await _stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.PublishAsync(Status("offline"), timeout.Token).ConfigureAwait(false);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                _log($"MQTT: clean disconnect failed: {e.Message}");
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _client.Dispose();
        _stop.Dispose();
    }
}
