using System.Device.Gpio;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Inputs;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Runtime;

/// <summary>
/// The station's digital I/O: every configured line opened at its initial level and guarded so it goes to its safe
/// level on stop, SIGTERM, process exit or an unhandled exception; reject pulses for failed parts; the tower light;
/// the PLC handshake; and the debounced <c>trigger</c> input that triggers the cameras. Results come in as a sink;
/// trigger edges go out through the runtime's trigger callback.
/// </summary>
public sealed partial class StationIo : IResultSink, IEdgeHandler, IDisposable
{
    private readonly GpioLines _lines;
    private readonly SafeOutputs _safe;
    private readonly PulseOutput _reject;
    private readonly TowerLight? _tower;
    private readonly Handshake? _handshake;
    private readonly DebouncedInput? _trigger;
    private readonly Func<long, long> _fire;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _rejected;
    private long _gpioTriggers;
    private long _refusedTriggers;

    /// <summary>
    /// Opens the lines of <paramref name="settings"/> on <paramref name="controller"/>. <paramref name="fire"/> is
    /// called with a trigger's monotonic timestamp (<paramref name="time"/> ticks) and returns the trigger id, or −1
    /// when no camera could take it.
    /// </summary>
    public StationIo(GpioSettings settings, GpioController controller, TimeProvider time, ILogger logger, Func<long, long> fire)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        _logger = logger;
        _fire = fire;
        LineSettings? trigger = null;
        var opened = new List<LineSettings>();
        foreach (var line in settings.Lines)
        {
            // The trigger input is read as timestamped edges, so it is opened by its edge source, not as a level input.
            if (line.Name == WellKnownLines.Trigger)
            {
                trigger = line;
            }
            else
            {
                opened.Add(line);
            }
        }

        _lines = new GpioLines(controller, opened);
        _safe = new SafeOutputs(_lines);
        _reject = new PulseOutput(_lines.Output(WellKnownLines.Reject), settings.PulseWidths.GetValueOrDefault(WellKnownLines.Reject, settings.Reject.PulseWidth));
        if (_lines.FindOutput(WellKnownLines.Red) is not null || _lines.FindOutput(WellKnownLines.Yellow) is not null || _lines.FindOutput(WellKnownLines.Green) is not null)
        {
            _tower = TowerLight.Over(_lines, settings.Tower, time);
            _tower.SetCondition(TowerCondition.Running, true);
        }

        if (_lines.FindOutput(WellKnownLines.ResultValid) is not null)
        {
            _handshake = Handshake.Over(_lines, settings.Handshake, time);
            _handshake.SetEnabled(true);
        }

        if (trigger is not null)
        {
            var source = new ControllerEdgeSource(controller, trigger.Offset, trigger.Mode, time);
            _trigger = new DebouncedInput(source, trigger.ActiveLow ? EdgePolarity.Falling : EdgePolarity.Rising, settings.TriggerDebounce, time);
            _trigger.Start(this);
        }
    }

    /// <summary>The opened lines.</summary>
    public GpioLines Lines => _lines;

    /// <summary>Reject pulses requested for failed parts.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Trigger edges accepted from the <c>trigger</c> input.</summary>
    public long GpioTriggers => Interlocked.Read(ref _gpioTriggers);

    /// <summary>Trigger edges refused (handshake not ready, or no camera could take them).</summary>
    public long RefusedTriggers => Interlocked.Read(ref _refusedTriggers);

    /// <summary>The tower light, when lamps are configured.</summary>
    public TowerLight? Tower => _tower;

    /// <summary>The PLC handshake, when its lines are configured.</summary>
    public Handshake? Handshake => _handshake;

    /// <summary>The debounced trigger input, when configured.</summary>
    public DebouncedInput? Trigger => _trigger;

    /// <summary>The guard that puts outputs at their safe level.</summary>
    public SafeOutputs Safety => _safe;

    /// <inheritdoc/>
    public void OnEdge(in EdgeEvent edge)
    {
        if (_handshake is not null && !_handshake.Trigger())
        {
            Interlocked.Increment(ref _refusedTriggers);
            return;
        }

        var ticks = (long)((Int128)edge.TimestampNs * _time.TimestampFrequency / 1_000_000_000);
        if (_fire(ticks) < 0)
        {
            Interlocked.Increment(ref _refusedTriggers);
            LogTriggerRefused(_logger, edge.TimestampNs);
            return;
        }

        Interlocked.Increment(ref _gpioTriggers);
    }

    /// <inheritdoc/>
    public void Offer(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pass = result.Verdict == Verdict.Pass;
        if (!pass)
        {
            Interlocked.Increment(ref _rejected);
            _reject.TryRequestPulse();
        }

        _tower?.PartJudged(pass);
        if (result.TriggerId > 0)
        {
            _handshake?.Result(pass);
        }
    }

    /// <summary>Sets or clears a tower-light condition (camera lost, broker down, backlog…).</summary>
    public void SetCondition(TowerCondition condition, bool on) => _tower?.SetCondition(condition, on);

    /// <summary>Finishes pending pulses, stops the signal timers and puts every output at its safe level.</summary>
    public void Stop(TimeSpan timeout)
    {
        _trigger?.Dispose();
        _reject.WaitIdle(timeout);
        _handshake?.Dispose();
        _tower?.Dispose();
        _safe.GoSafe(SafeReason.Stop);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _trigger?.Dispose();
        _reject.Dispose();
        _handshake?.Dispose();
        _tower?.Dispose();
        _safe.Dispose();
        _lines.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "GPIO trigger at {TimestampNs} ns refused: no triggered camera could take it (queue full or none configured)")]
    private static partial void LogTriggerRefused(ILogger logger, long timestampNs);
}
