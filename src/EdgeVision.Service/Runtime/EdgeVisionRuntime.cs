using System.Device.Gpio;
using System.Net;
using EdgeVision.Acquisition.Sources;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Gpio;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt;
using EdgeVision.Service.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Runtime;

/// <summary>
/// The running station: GPIO lines, the MQTT broker connection (and the embedded broker when none is configured),
/// the live view and one <see cref="CameraRunner"/> per camera, started and stopped in a safe order.
/// </summary>
public sealed partial class EdgeVisionRuntime : IAsyncDisposable
{
    private readonly ServiceSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<CameraRunner> _cameras = [];
    private readonly Dictionary<string, RecipeReloader> _reloaders = new(StringComparer.Ordinal);
    private GpioController? _gpio;
    private OutputLine? _rejectLine;
    private PulseOutput? _rejectPulses;
    private EmbeddedBroker? _broker;
    private ResultPublisher? _publisher;
    private bool _started;
    private long _nextTriggerId;

    /// <summary>Creates the runtime; nothing is opened until <see cref="StartAsync"/>.</summary>
    public EdgeVisionRuntime(ServiceSettings settings, ILogger<EdgeVisionRuntime> logger, TimeProvider? time = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The validated settings it runs on.</summary>
    public ServiceSettings Settings => _settings;

    /// <summary>Counters and images for the web page.</summary>
    public LiveView LiveView { get; } = new();

    /// <summary>The cameras.</summary>
    public IReadOnlyList<CameraRunner> Cameras => _cameras;

    /// <summary>
    /// Triggers camera <paramref name="camera"/> now (a software trigger, as from the web API or a command); returns the
    /// trigger id, 0 when the camera is free-running, or −1 when its trigger queue is full or there is no such camera.
    /// </summary>
    public long Trigger(string camera)
    {
        foreach (var runner in _cameras)
        {
            if (runner.Name == camera)
            {
                if (runner.Triggers is null)
                {
                    return 0;
                }

                var id = Interlocked.Increment(ref _nextTriggerId);
                return runner.Triggers.Fire(id, _time.GetTimestamp()) ? id : -1;
            }
        }

        return -1;
    }

    /// <summary>The recipe reloader of camera <paramref name="camera"/>, or null when there is no such camera.</summary>
    public RecipeReloader? ReloaderFor(string camera) => _reloaders.GetValueOrDefault(camera);

    /// <summary>The MQTT publisher (after start).</summary>
    public ResultPublisher? Publisher => _publisher;

    /// <summary>The GPIO driver in use; a <see cref="SimulatedGpioDriver"/> on machines without GPIO.</summary>
    public GpioDriver? GpioDriver { get; private set; }

    /// <summary>The reject actuator (after start).</summary>
    public RejectActuator? Reject { get; private set; }

    /// <summary>Opens GPIO, starts the broker connection and the cameras.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var g = _settings.Gpio;
        GpioDriver = GpioDriverFactory.Create(g.Driver, g.Chip, _time, out var description);
        LogGpio(_logger, description);
        _gpio = new GpioController(GpioDriver);
        var r = g.Reject;
        _rejectLine = new OutputLine(_gpio, r.Name, r.Offset, r.ActiveLow, r.Initial, r.Safe);
        _rejectPulses = new PulseOutput(_rejectLine, r.PulseWidth);
        Reject = new RejectActuator(_rejectPulses);

        var mqtt = _settings.Mqtt;
        if (mqtt.BrokerHost is null)
        {
            _broker = new EmbeddedBroker(IPAddress.Loopback, mqtt.Port);
            await _broker.StartAsync().ConfigureAwait(false);
            LogEmbeddedBroker(_logger, mqtt.Port);
        }

        _publisher = new ResultPublisher(mqtt, message => LogMqtt(_logger, message));
        _publisher.Start();

        IResultSink[] sinks = [Reject, new MqttResultSink(_publisher), LiveView];
        foreach (var camera in _settings.Cameras)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A triggered synthetic camera renders one part per trigger, so it runs unpaced.
            var synthetic = camera.Trigger.Triggered ? camera.Synthetic with { FramesPerSecond = 0 } : camera.Synthetic;
            IFrameSource source = new SyntheticConveyorCamera(camera.Name, synthetic, _time);
            var pipeline = new InspectionPipeline(camera.Recipe, _settings.Device, camera.Name);
            var triggers = camera.Trigger.Triggered ? new TriggerQueue() : null;
            var runner = new CameraRunner(source, pipeline, camera.RingCapacity, sinks, LiveView, _logger, _time, triggers, camera.Trigger.Delay);
            _cameras.Add(runner);
            _reloaders[camera.Name] = new RecipeReloader(runner, _settings.Device, camera.RecipePath, camera.WatchRecipe, _logger);
            runner.Start();
            LogCamera(_logger, camera.Name, camera.Source, camera.Recipe.Name, camera.Recipe.Checksum);
        }

        _started = true;
    }

    /// <summary>
    /// Stops in the order that loses nothing: cameras stop capturing and finish their frames, pending reject pulses
    /// are issued, queued results are published, <c>offline</c> is published, and outputs go to their safe level.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        foreach (var camera in _cameras)
        {
            camera.Stop(TimeSpan.FromSeconds(5));
        }

        _rejectPulses?.WaitIdle(TimeSpan.FromSeconds(5));
        if (_publisher is not null)
        {
            await _publisher.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        _rejectLine?.GoSafe();
        if (_broker is not null)
        {
            await _broker.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>True when every camera finished a frame within <paramref name="limit"/>.</summary>
    public bool IsMakingProgress(TimeSpan limit)
    {
        foreach (var camera in _cameras)
        {
            if (camera.SinceLastResult > limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var reloader in _reloaders.Values)
        {
            reloader.Dispose();
        }

        _reloaders.Clear();
        foreach (var camera in _cameras)
        {
            camera.Dispose();
        }

        _cameras.Clear();
        _rejectPulses?.Dispose();
        _rejectLine?.Dispose();
        _gpio?.Dispose();
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync().ConfigureAwait(false);
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        LiveView.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPIO: {Description}")]
    private static partial void LogGpio(ILogger logger, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: embedded broker listening on 127.0.0.1:{Port}")]
    private static partial void LogEmbeddedBroker(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogMqtt(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera}: source {Source}, recipe {Recipe} ({Checksum})")]
    private static partial void LogCamera(ILogger logger, string camera, string source, string recipe, string checksum);
}
