using System.Collections.Concurrent;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Commands;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.HomeAssistant;
using EdgeVision.Mqtt.Outbox;
using EdgeVision.Mqtt.Stats;
using MQTTnet;
using MQTTnet.Protocol;
using OpenCvSharp;

namespace EdgeVision.Mqtt;

/// <summary>What the station tells its MQTT side: version, data folder, what each camera runs, and who carries out commands.</summary>
public sealed record MqttStationContext
{
    /// <summary>Software version for the birth payload and discovery.</summary>
    public required string Version { get; init; }

    /// <summary>Folder for the outbox and the Sparkplug bdSeq file (relative paths in the settings resolve against it).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The cameras and the recipe each is running now (read at every birth and stats publish).</summary>
    public required Func<IReadOnlyList<CameraStatus>> Cameras { get; init; }

    /// <summary>Carries out <c>cmd/&lt;verb&gt;</c> commands; null turns commands off.</summary>
    public ICommandTarget? Commands { get; init; }

    /// <summary>Clock (tests step it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where connection events and problems are written as text.</summary>
    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>
/// The station's MQTT side, composed: one connection (will <c>offline</c>, birth payload on every connect), the
/// outbox-backed <see cref="ResultPublisher"/>, per-camera <c>stats</c>, part images, <c>cmd/&lt;verb&gt;</c> commands with
/// replies, Home Assistant discovery, and Sparkplug B on a second connection of its own. It is the pipeline's result
/// sink: <see cref="Offer"/> and <see cref="OfferImage"/> never block.
/// </summary>
public sealed partial class MqttStation : IPartImageSink, IAsyncDisposable
{
    private readonly MqttSettings _settings;
    private readonly MqttStationContext _context;
    private readonly TopicScheme _topics;
    private readonly MqttConnection _connection;
    private readonly MqttOutbox _outbox;
    private readonly ResultPublisher _publisher;
    private readonly ConcurrentDictionary<string, CameraCounters> _counters = new(StringComparer.Ordinal);
    private readonly CommandProcessor? _commands;
    private readonly HomeAssistantDiscovery? _discovery;
    private readonly SparkplugLink? _sparkplug;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTimeOffset _since;
    private Task? _statsLoop;

    /// <summary>Opens the outbox and prepares the connections; <see cref="Start"/> connects.</summary>
    public MqttStation(MqttSettings settings, MqttStationContext context)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _topics = new TopicScheme(settings.TopicPrefix, settings.Device);
        _since = context.Time.GetUtcNow();
        Directory.CreateDirectory(context.DataDirectory);
        _outbox = MqttOutbox.Open(settings.Outbox with { Path = InData(settings.Outbox.Path) }, context.Time, context.Log);
        _connection = new MqttConnection(settings.ToConnectionSettings(), context.Log, context.Time)
        {
            WillProvider = () => new MqttWill(_topics.Status, MqttPayloads.Offline(), Retain: true),
        };
        _publisher = new ResultPublisher(settings, _connection, _outbox, context.Time, context.Log);
        _connection.AddConnectedHook(OnConnectedAsync);
        if (settings.Commands.Enabled && context.Commands is not null)
        {
            _commands = new CommandProcessor(_topics, settings.Commands, context.Commands, context.Log);
            _connection.AddSubscription(_commands.SubscriptionFilter, MqttQualityOfServiceLevel.AtLeastOnce, OnCommandAsync);
        }

        if (settings.HomeAssistant.Enabled)
        {
            _discovery = new HomeAssistantDiscovery(settings.HomeAssistant, _topics, settings.Device, context.Version);
            _connection.AddSubscription(_discovery.HomeAssistantStatusTopic, MqttQualityOfServiceLevel.AtLeastOnce, OnHomeAssistantStatusAsync);
        }

        if (settings.Sparkplug.Enabled)
        {
            _sparkplug = new SparkplugLink(settings, context, InData(settings.Sparkplug.BdSeqFile));
        }
    }

    /// <summary>The topics used.</summary>
    public TopicScheme Topics => _topics;

    /// <summary>The main connection.</summary>
    public MqttConnection Connection => _connection;

    /// <summary>The result publisher (counters, backlog).</summary>
    public ResultPublisher Publisher => _publisher;

    /// <summary>The command processor, or null when commands are off.</summary>
    public CommandProcessor? Commands => _commands;

    /// <summary>The Sparkplug side, or null when it is off.</summary>
    public SparkplugLink? Sparkplug => _sparkplug;

    /// <summary>Connects (and keeps reconnecting) and starts publishing.</summary>
    public void Start()
    {
        _publisher.Start();
        _connection.Start();
        _recipes = RecipeKey(); // what Sparkplug's births declare
        _sparkplug?.Start();
        _statsLoop ??= Task.Run(() => StatsLoopAsync(_stop.Token));
    }

    /// <inheritdoc/>
    public void Offer(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Counters(result.Camera).Add(result);
        _publisher.Offer(result);
        _sparkplug?.Offer(result);
    }

    /// <inheritdoc/>
    public void OfferImage(Mat color, InspectionResult result) => _publisher.OfferImage(color, result);

    /// <summary>Zeroes the <c>stats</c> counters of one camera, or of every camera when <paramref name="camera"/> is null.</summary>
    public void ResetCounters(string? camera)
    {
        var now = _context.Time.GetUtcNow();
        foreach (var (name, counters) in _counters)
        {
            if (camera is null || camera == name)
            {
                counters.Reset(now);
                _sparkplug?.SetCounters(name, 0, 0);
            }
        }
    }

    /// <summary>The camera's counters as the <c>stats</c> topic shows them.</summary>
    public CameraStatsSnapshot? Stats(string camera) => _counters.TryGetValue(camera, out var c) ? c.Snapshot() : null;

    /// <summary>The birth payload as it would be published now.</summary>
    public byte[] StatusPayload() => MqttPayloads.Online(Status(), _context.Time.GetUtcNow());

    /// <summary>
    /// Stops: results already handed over go to the outbox, the backlog gets up to <paramref name="drainTimeout"/> to be
    /// delivered, then <c>offline</c> is published (and Sparkplug's NDEATH) before a clean disconnect.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_statsLoop is not null)
        {
            try
            {
                await _statsLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _publisher.StopAsync(drainTimeout).ConfigureAwait(false);
        if (_sparkplug is not null)
        {
            await _sparkplug.StopAsync().ConfigureAwait(false);
        }

        await _connection.StopAsync([StatusMessage(MqttPayloads.Offline())]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }

        await _publisher.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        if (_sparkplug is not null)
        {
            await _sparkplug.DisposeAsync().ConfigureAwait(false);
        }

        _outbox.Dispose();
        _stop.Dispose();
    }

    private string InData(string path) => Path.IsPathRooted(path) ? path : Path.Combine(_context.DataDirectory, path);

    private CameraCounters Counters(string camera)
    {
        if (_counters.TryGetValue(camera, out var counters))
        {
            return counters;
        }

        return _counters.GetOrAdd(camera, c => new CameraCounters(c, _context.Time.GetUtcNow()));
    }

    private StationStatus Status() => new(_context.Version, _since, _context.Cameras(), _publisher.Backlog, _outbox.DroppedFull, _outbox.DroppedAge)
    {
        DroppedQueue = _publisher.DroppedQueue,
        Refused = _publisher.Refused,
    };

    private MqttApplicationMessage StatusMessage(byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(_topics.Status)
        .WithPayload(payload)
        .WithRetainFlag(true)
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
