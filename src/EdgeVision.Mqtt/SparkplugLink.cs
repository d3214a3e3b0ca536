using System.Threading.Channels;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Connection;
using EdgeVision.Mqtt.Sparkplug;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt;

/// <summary>
/// Sparkplug B for the station: a <see cref="SparkplugNode"/> on an MQTT connection of its own (its will is the NDEATH
/// with the session's bdSeq; the station's main connection keeps the <c>offline</c> will). Every call into the node and
/// every publish runs on one loop, so messages go out in the order the node numbered them (seq).
/// </summary>
public sealed class SparkplugLink : IAsyncDisposable
{
    private readonly SparkplugNode _node;
    private readonly MqttConnection _connection;
    private readonly MqttStationContext _context;
    private readonly Channel<Work> _work;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _dropped;

    internal SparkplugLink(MqttSettings settings, MqttStationContext context, string bdSeqFile)
    {
        _context = context;
        _node = new SparkplugNode(settings.Sparkplug, settings.Device, context.Version, new FileBdSeqStore(bdSeqFile), context.Time, context.Log);
        // Sparkplug requires a clean session on every connect.
        _connection = new MqttConnection(settings.ToConnectionSettings("-spb") with { CleanSession = true }, context.Log, context.Time)
        {
            WillProvider = () =>
            {
                var death = _node.StartSession();
                return new MqttWill(death.Topic, death.Payload, death.Retain, death.QualityOfService);
            },
        };
        _work = Channel.CreateBounded<Work>(
            new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _connection.AddConnectedHook(OnConnectedAsync);
        foreach (var filter in _node.Subscriptions)
        {
            _connection.AddSubscription(filter, MqttQualityOfServiceLevel.AtLeastOnce, (m, _) =>
            {
                _work.Writer.TryWrite(new Work(Inbound: m));
                return Task.CompletedTask;
            });
        }

        _connection.StateChanged += (_, state) =>
        {
            if (state == MqttConnectionState.Disconnected)
            {
                _work.Writer.TryWrite(new Work(Disconnected: true));
            }
        };
    }

    /// <summary>The node (state, bdSeq, counters).</summary>
    public SparkplugNode Node => _node;

    /// <summary>The Sparkplug connection.</summary>
    public MqttConnection Connection => _connection;

    /// <summary>Work items dropped because the loop fell behind (results arrive faster than they can be published).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Declares the cameras and connects.</summary>
    public void Start()
    {
        _node.SetCameras(Cameras());
        _loop ??= Task.Run(() => LoopAsync(_stop.Token));
        _connection.Start();
    }

    /// <summary>Queues a result for a DDATA; never blocks.</summary>
    public void Offer(InspectionResult result) => _work.Writer.TryWrite(new Work(Result: result));

    /// <summary>
    /// Queues a look at the cameras' recipes: a camera whose measurements changed is born again (DBIRTH), a new recipe
    /// alone goes out as a DDATA, a camera gone gets its DDEATH (see <see cref="SparkplugNode.SetCameras"/>).
    /// </summary>
    public void CamerasChanged() => _work.Writer.TryWrite(new Work(Cameras: true));

    /// <summary>Queues new counter values for a camera (after a reset).</summary>
    public void SetCounters(string camera, long pass, long fail) => _work.Writer.TryWrite(new Work(Counters: (camera, pass, fail)));

    /// <summary>Publishes the NDEATH and disconnects.</summary>
    public async Task StopAsync()
    {
        _work.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var death = _node.Stop();
        await _connection.StopAsync(death is null ? null : [ToMessage(death)]).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private List<SparkplugCamera> Cameras()
    {
        var cameras = new List<SparkplugCamera>();
        foreach (var c in _context.Cameras())
        {
            var measurements = new List<SparkplugMeasurement>();
            foreach (var (name, unit) in c.Measurements)
            {
                measurements.Add(new SparkplugMeasurement(name, unit));
            }

            cameras.Add(new SparkplugCamera(c.Camera, c.Recipe, c.RecipeChecksum, measurements));
        }

        return cameras;
    }

    private async Task OnConnectedAsync(MqttConnectedContext context, CancellationToken cancellationToken)
    {
        // The births go out through the loop too, so no DDATA can slip in between them.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(new Work(Connected: (context, done))))
        {
            return;
        }

        using var registration = cancellationToken.Register(() => done.TrySetCanceled());
        await done.Task.ConfigureAwait(false);
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(stop).ConfigureAwait(false))
        {
            if (work.Connected is var (context, done) && context is not null)
            {
                try
                {
                    foreach (var message in Check(_node.OnConnected()).Messages)
                    {
                        await context.PublishAsync(ToMessage(message), stop).ConfigureAwait(false);
                    }
                }
                finally
                {
                    done!.TrySetResult();
                }

                continue;
            }

            SparkplugOutcome outcome;
            if (work.Result is not null)
            {
                outcome = _node.OnResult(work.Result);
            }
            else if (work.Inbound is not null)
            {
                outcome = _node.OnMessage(work.Inbound.Topic, work.Inbound.Payload.Span);
            }
            else if (work.Counters is var (camera, pass, fail) && camera is not null)
            {
                outcome = _node.SetCounters(camera, pass, fail);
            }
            else if (work.Cameras)
            {
                outcome = _node.SetCameras(Cameras());
            }
            else if (work.Disconnected)
            {
                _node.OnDisconnected();
                continue;
            }
            else
            {
                continue;
            }

            foreach (var message in Check(outcome).Messages)
            {
                await _connection.PublishAsync(ToMessage(message), stop).ConfigureAwait(false);
            }
        }
    }

    private SparkplugOutcome Check(SparkplugOutcome outcome)
    {
        if (outcome.Error is not null)
        {
            _context.Log($"Sparkplug: {outcome.Error}");
        }

        return outcome;
    }

    private static MqttApplicationMessage ToMessage(SparkplugMessage message) => new MqttApplicationMessageBuilder()
        .WithTopic(message.Topic)
        .WithPayload(message.Payload)
        .WithQualityOfServiceLevel(message.QualityOfService)
        .WithRetainFlag(message.Retain)
        .Build();

    private readonly record struct Work(
        InspectionResult? Result = null,
        MqttInboundMessage? Inbound = null,
        (MqttConnectedContext? Context, TaskCompletionSource? Done) Connected = default,
        (string? Camera, long Pass, long Fail) Counters = default,
        bool Disconnected = false,
        bool Cameras = false);
}
