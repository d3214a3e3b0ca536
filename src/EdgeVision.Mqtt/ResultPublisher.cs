using System.Threading.Channels;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.Images;
using EdgeVision.Mqtt.Outbox;
using OpenCvSharp;

namespace EdgeVision.Mqtt;

/// <summary>
/// Delivers every inspection result to the broker, in order, whatever happens to the link or the process. The
/// pipeline hands results over with <see cref="Offer"/> (never blocks); a writer loop appends them to the persisted
/// <see cref="MqttOutbox"/>, which numbers them per camera (<c>msgSeq</c>); a sender loop publishes the outbox in order
/// whenever the connection is up and deletes a result only after the broker acknowledged it. What was appended before
/// the current session began is the backlog: it is published flagged <c>"historical":true</c>, before live results or
/// interleaved with them (<see cref="BacklogOrder"/>). Images of failed parts go out best-effort on their own loop.
/// </summary>
public sealed partial class ResultPublisher : IPartImageSink, IAsyncDisposable
{
    private const int BatchSize = 64;
    private readonly MqttSettings _settings;
    private readonly TopicScheme _topics;
    private readonly MqttConnection _connection;
    private readonly MqttOutbox _outbox;
    private readonly PartImages _images;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Channel<Pending> _incoming;
    private readonly Channel<(PartImage Image, long MessageSequence)> _toEncode;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task[] _loops = [];
    private long _session;
    private long _boundary;
    private long _published;
    private long _historical;
    private long _refused;
    private long _droppedInMemory;
    private long _imagesPublished;
    private long _imagesDropped;
    private volatile bool _accepting = true;

    /// <summary>Creates the publisher on a connection and an open outbox (both owned by the caller).</summary>
    public ResultPublisher(MqttSettings settings, MqttConnection connection, MqttOutbox outbox, TimeProvider? time = null, Action<string>? log = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _topics = new TopicScheme(settings.TopicPrefix, settings.Device);
        _time = time ?? TimeProvider.System;
        _log = log ?? (_ => { });
        _images = new PartImages(settings.Images);
        _incoming = Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            DroppedInMemory);
        _toEncode = Channel.CreateBounded<(PartImage, long)>(
            new BoundedChannelOptions(Math.Max(1, settings.Images.Buffers)) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
        _connection.AddConnectedHook(OnConnectedAsync);
        _connection.StateChanged += (_, _) => Wake();
    }

    /// <summary>The topics used.</summary>
    public TopicScheme Topics => _topics;

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>Results acknowledged by the broker since start (live and historical).</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Of <see cref="Published"/>, those delivered from a backlog.</summary>
    public long PublishedHistorical => Interlocked.Read(ref _historical);

    /// <summary>Results the broker refused (MQTT 5 error reason code); removed from the outbox and logged.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Results dropped from the in-memory hand-over queue because the outbox could not keep up (no msgSeq was given to them).</summary>
    public long DroppedQueue => Interlocked.Read(ref _droppedInMemory);

    /// <summary>
    /// Results lost: dropped from the in-memory hand-over queue, plus those the outbox evicted (full or too old). Each kind
    /// is reported on the status topic (<c>outbox.droppedQueue</c>, <c>droppedFull</c>, <c>droppedAge</c>).
    /// </summary>
    public long Dropped => Interlocked.Read(ref _droppedInMemory) + _outbox.DroppedFull + _outbox.DroppedAge;

    /// <summary>Connections made after the first.</summary>
    public long Reconnects => _connection.Reconnects;

    /// <summary>Results waiting for the broker (in memory and in the outbox).</summary>
    public long Backlog => _outbox.Count + (_incoming.Reader.CanCount ? _incoming.Reader.Count : 0);

    /// <summary>Part images published.</summary>
    public long ImagesPublished => Interlocked.Read(ref _imagesPublished);

    /// <summary>Part images not published (no free buffer, or no connection when they were ready).</summary>
    public long ImagesDropped => Interlocked.Read(ref _imagesDropped) + _images.Dropped;

    /// <summary>The outbox behind the publisher.</summary>
    public MqttOutbox Outbox => _outbox;

    /// <summary>Starts the writer, sender and image loops (the connection is started by its owner).</summary>
    public void Start()
    {
        if (_loops.Length == 0)
        {
            _loops = [Task.Run(() => WriteLoopAsync(_stop.Token)), Task.Run(() => SendLoopAsync(_stop.Token)), Task.Run(() => ImageLoopAsync(_stop.Token))];
        }
    }

    /// <inheritdoc/>
    public void OfferImage(Mat color, InspectionResult result)
    {
        if (_accepting && !_settings.Images.IsOff)
        {
            _images.Offer(color, result);
        }
    }

    /// <summary>Hands a result over; never blocks. Returns false once the publisher is stopping.</summary>
    public bool TryEnqueue(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!_accepting)
        {
            return false;
        }

        var image = _settings.Images.IsOff ? null : _images.Take(result);
        if (_incoming.Writer.TryWrite(new Pending(result, image)))
        {
            return true;
        }

        if (image is not null)
        {
            _images.Release(image);
        }

        return false;
    }

    /// <inheritdoc/>
    public void Offer(InspectionResult result) => TryEnqueue(result);

    /// <summary>
    /// Stops accepting results, writes what is in memory to the outbox (so nothing handed over is lost), gives the sender
    /// up to <paramref name="drainTimeout"/> to deliver the backlog while connected, then stops the loops. What is not
    /// delivered stays in the outbox for the next start.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        _accepting = false;
        _incoming.Writer.TryComplete();
        if (_loops.Length == 0)
        {
            return;
        }

        await _loops[0].ConfigureAwait(false); // the writer finishes once the hand-over queue is empty
        var deadline = _time.GetTimestamp();
        while (_connection.IsConnected && _outbox.Count > 0 && _time.GetElapsedTime(deadline) < drainTimeout)
        {
            Wake();
            await Task.Delay(20).ConfigureAwait(false); // polling the outbox count while the sender drains it
        }

        if (_outbox.Count > 0)
        {
            _log($"MQTT: {_outbox.Count} result(s) kept in the outbox for delivery after the next start");
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _toEncode.Writer.TryComplete();
        foreach (var loop in _loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _images.Dispose();
        _wake.Dispose();
        _stop.Dispose();
    }

    private void DroppedInMemory(Pending dropped)
    {
        Interlocked.Increment(ref _droppedInMemory);
        if (dropped.Image is not null)
        {
            _images.Release(dropped.Image);
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private Task OnConnectedAsync(MqttConnectedContext context, CancellationToken cancellationToken)
    {
        // Everything appended before this session is backlog: it was not delivered live.
        Interlocked.Exchange(ref _boundary, _outbox.MaxId);
        Interlocked.Increment(ref _session);
        Wake();
        return Task.CompletedTask;
    }

    private readonly record struct Pending(InspectionResult Result, PartImage? Image);
}
