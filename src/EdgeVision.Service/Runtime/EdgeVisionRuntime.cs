using System.Device.Gpio;
using System.Net;
using System.Runtime.InteropServices;
using EdgeVision.Acquisition.Sources;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Inputs;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
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
    private StationIo? _io;
    private Timer? _monitor;
    private CameraRunner[] _triggered = [];
    private EmbeddedBroker? _broker;
    private MqttStation? _mqtt;
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
    /// Triggers a part now on behalf of camera <paramref name="camera"/> (a software trigger, as from the web API or a
    /// command): every triggered camera takes it, as with the GPIO trigger. Returns the trigger id, 0 when the camera is
    /// free-running, or −1 when it was refused or there is no such camera.
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

                // Through the station I/O, so a software trigger is a part like a GPIO one (handshake, reject queue).
                return _io is not null ? _io.TriggerAt(_time.GetTimestamp()) : FireTriggers(_time.GetTimestamp());
            }
        }

        return -1;
    }

    /// <summary>The recipe reloader of camera <paramref name="camera"/>, or null when there is no such camera.</summary>
    public RecipeReloader? ReloaderFor(string camera) => _reloaders.GetValueOrDefault(camera);

    /// <summary>The MQTT result publisher (after start).</summary>
    public ResultPublisher? Publisher => _mqtt?.Publisher;

    /// <summary>The station's MQTT side: connection, outbox publisher, stats, commands, integrations (after start).</summary>
    public MqttStation? Mqtt => _mqtt;

    /// <summary>The GPIO driver in use; a <see cref="SimulatedGpioDriver"/> on machines without GPIO.</summary>
    public GpioDriver? GpioDriver { get; private set; }

    /// <summary>The station's GPIO: lines, reject pulses, tower light, handshake, trigger input (after start).</summary>
    public StationIo? Io => _io;

    /// <summary>Opens GPIO, starts the broker connection and the cameras.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var g = _settings.Gpio;
        GpioDriver = GpioDriverFactory.Create(g.Driver, g.Chip, _time, out var description);
        LogGpio(_logger, description);
        _gpio = new GpioController(GpioDriver);
        _io = new StationIo(g, _gpio, _time, _logger, FireTriggers, SelectRecipe, EdgeSourceFor(GpioDriver));

        var mqtt = _settings.Mqtt;
        if (mqtt.BrokerHost is null)
        {
            _broker = new EmbeddedBroker(IPAddress.Loopback, mqtt.Port);
            await _broker.StartAsync().ConfigureAwait(false);
            LogEmbeddedBroker(_logger, mqtt.Port);
        }

        _mqtt = new MqttStation(mqtt, new MqttStationContext
        {
            Version = ServiceVersion.Text,
            DataDirectory = _settings.ResolveDataDirectory(),
            Cameras = () => CameraStatuses(),
            Commands = mqtt.Commands.Enabled ? new StationCommands(this, _logger) : null,
            Time = _time,
            Log = message => LogMqtt(_logger, message),
        });

        IResultSink[] sinks = [_io, _mqtt, LiveView];
        foreach (var camera in _settings.Cameras)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = CameraSources.Create(camera, _time);
            var pipeline = new InspectionPipeline(camera.Recipe, _settings.Device, camera.Name);
            var triggers = camera.Trigger.Triggered ? new TriggerQueue() : null;
            var runner = new CameraRunner(source, pipeline, camera.RingCapacity, sinks, LiveView, _logger, _time, triggers, camera.Trigger.Delay);
            _cameras.Add(runner);
            _reloaders[camera.Name] = new RecipeReloader(runner, _settings.Device, camera.RecipePath, camera.WatchRecipe, _logger);
        }

        // The MQTT side starts once the cameras exist (its birth names their recipes) and before they produce results.
        _mqtt.Start();
        for (var i = 0; i < _cameras.Count; i++)
        {
            var runner = _cameras[i];
            runner.Start();
            LogCamera(_logger, runner.Name, _settings.Cameras[i].Source, runner.Recipe.Name, runner.Recipe.Checksum);
        }

        _triggered = [.. _cameras.Where(c => c.Triggers is not null)];
        _monitor = new Timer(_ => Monitor(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        _started = true;
    }

    /// <summary>
    /// Triggers every enabled triggered camera with one id for the part (a GPIO trigger edge at
    /// <paramref name="timestamp"/>, in <see cref="TimeProvider"/> ticks); returns the id, or −1 when no camera took it.
    /// </summary>
    public long FireTriggers(long timestamp)
    {
        var cameras = Volatile.Read(ref _triggered);
        var id = Interlocked.Increment(ref _nextTriggerId);
        var taken = false;
        foreach (var camera in cameras)
        {
            taken |= camera.Enabled && camera.Triggers!.Fire(id, timestamp);
        }

        return taken ? id : -1;
    }

    /// <summary>
    /// Switches every camera to the recipe selected by <paramref name="code"/> (latched from the recipe-select lines);
    /// each camera changes at its next frame boundary, so at a part boundary when triggered.
    /// </summary>
    public void SelectRecipe(int code)
    {
        if (!_settings.Gpio.RecipeCodes.TryGetValue(code, out var path))
        {
            LogUnknownRecipeCode(_logger, code);
            return;
        }

        foreach (var reloader in _reloaders.Values)
        {
            reloader.Switch(path);
        }
    }

    /// <summary>
    /// On a real chip, edge inputs are read through libgpiod v1's line events, which carry the kernel's timestamp of
    /// each edge; the simulated driver (and a machine without libgpiod) uses the controller's callbacks.
    /// </summary>
    private Func<LineSettings, IEdgeSource>? EdgeSourceFor(GpioDriver driver)
    {
        if (driver is SimulatedGpioDriver || !NativeLibrary.TryLoad("libgpiod.so.2", out var handle))
        {
            return null;
        }

        NativeLibrary.Free(handle);
        LogKernelTimestamps(_logger);
        return line => new LibGpiodV1EdgeReader(line.Chip, line.Offset, line.Mode);
    }

    private List<CameraStatus> CameraStatuses()
    {
        var list = new List<CameraStatus>(_cameras.Count);
        foreach (var camera in _cameras)
        {
            var recipe = camera.Recipe;
            list.Add(new CameraStatus(camera.Name, recipe.Name, recipe.Checksum) { Measurements = RecipeMeasurements.Of(recipe) });
        }

        return list;
    }

    private void Monitor()
    {
        if (_io is null)
        {
            return;
        }

        var stall = _settings.Systemd.WatchdogStallLimit;
        var lost = false;
        foreach (var camera in _cameras)
        {
            lost |= camera.Triggers is null && camera.SinceLastResult > stall;
        }

        _io.SetCondition(TowerCondition.CameraLost, lost);
        _io.SetCondition(TowerCondition.BrokerDown, _mqtt is { Publisher.IsConnected: false });
        _io.SetCondition(TowerCondition.Backlog, _mqtt is { Publisher.Backlog: > 1000 });
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

        if (_monitor is not null)
        {
            await _monitor.DisposeAsync().ConfigureAwait(false);
        }

        if (_mqtt is not null)
        {
            await _mqtt.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        _io?.Stop(TimeSpan.FromSeconds(5));
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
        _io?.Dispose();
        _gpio?.Dispose();
        if (_mqtt is not null)
        {
            await _mqtt.DisposeAsync().ConfigureAwait(false);
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
        }

        LiveView.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "GPIO: edge inputs read through libgpiod v1 line events (kernel timestamps)")]
    private static partial void LogKernelTimestamps(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recipe-select code {Code} names no recipe in gpio.recipeSelect; the current recipe stays")]
    private static partial void LogUnknownRecipeCode(ILogger logger, int code);

    [LoggerMessage(Level = LogLevel.Information, Message = "GPIO: {Description}")]
    private static partial void LogGpio(ILogger logger, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT: embedded broker listening on 127.0.0.1:{Port}")]
    private static partial void LogEmbeddedBroker(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogMqtt(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera}: source {Source}, recipe {Recipe} ({Checksum})")]
    private static partial void LogCamera(ILogger logger, string camera, string source, string recipe, string checksum);
}
