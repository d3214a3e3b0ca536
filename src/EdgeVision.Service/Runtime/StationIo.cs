using System.Device.Gpio;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Inputs;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Reject;
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
    private readonly PulseOutput? _reject;
    private readonly RejectQueue? _queue;
    private readonly SystemDeadlineClock? _clock;
    private readonly QuadratureEncoder? _encoder;
    private readonly BinaryCodeInput? _recipeCode;
    private readonly Action<int>? _recipeSelected;
    private readonly DebouncedInput? _enableInput;
    private readonly DebouncedInput? _resetInput;
    private volatile bool _enabled = true;
    private readonly TowerLight? _tower;
    private readonly Handshake? _handshake;
    private readonly DebouncedInput? _trigger;
    private readonly List<(LineSettings Line, DebouncedInput Input)> _edgeInputs = [];
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
        : this(settings, controller, time, logger, fire, null)
    {
    }

    /// <summary>As above; <paramref name="recipeSelected"/> receives each code latched on the recipe-select lines.</summary>
    public StationIo(GpioSettings settings, GpioController controller, TimeProvider time, ILogger logger, Func<long, long> fire, Action<int>? recipeSelected)
        : this(settings, controller, time, logger, fire, recipeSelected, null)
    {
    }

    /// <summary>
    /// As above; <paramref name="edgeSources"/> opens the edge inputs (trigger, encoder, recipe strobe) — on a device,
    /// a reader that passes on the kernel's event timestamps — instead of the controller's callbacks.
    /// </summary>
    public StationIo(GpioSettings settings, GpioController controller, TimeProvider time, ILogger logger, Func<long, long> fire, Action<int>? recipeSelected, Func<LineSettings, IEdgeSource>? edgeSources)
    {
        edgeSources ??= line => new ControllerEdgeSource(controller, line.Offset, line.Mode, time);
        _recipeSelected = recipeSelected;
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        _logger = logger;
        _fire = fire;
        LineSettings? trigger = null, encoderA = null, encoderB = null, strobe = null, enable = null, reset = null;
        var opened = new List<LineSettings>();
        var bits = new SortedDictionary<int, LineSettings>();
        foreach (var line in settings.Lines)
        {
            // Edge inputs (trigger, encoder) are read as timestamped edges, so their edge sources open them, not GpioLines.
            switch (line.Name)
            {
                case WellKnownLines.Trigger:
                    trigger = line;
                    break;
                case WellKnownLines.EncoderA:
                    encoderA = line;
                    break;
                case WellKnownLines.EncoderB:
                    encoderB = line;
                    break;
                case WellKnownLines.RecipeStrobe:
                    strobe = line;
                    break;
                case WellKnownLines.Enable:
                    enable = line;
                    break;
                case WellKnownLines.Reset:
                    reset = line;
                    break;
                case var name when WellKnownLines.RecipeBit(name) >= 0:
                    bits[WellKnownLines.RecipeBit(name)] = line;
                    break;
                default:
                    opened.Add(line);
                    break;
            }
        }

        _lines = new GpioLines(controller, opened);
        _safe = new SafeOutputs(_lines);
        if (encoderA is not null && encoderB is not null && settings.CountsPerMm > 0)
        {
            _encoder = new QuadratureEncoder(
                edgeSources(encoderA),
                edgeSources(encoderB),
                settings.CountsPerMm);
        }

        if (settings.RejectQueue is { } q)
        {
            _clock = new SystemDeadlineClock(time);
            _queue = new RejectQueue(ToOptions(q, settings.CountsPerMm), _clock, _lines.Output(WellKnownLines.Reject), null, _encoder is null ? null : new EncoderPosition(_encoder));
        }
        else
        {
            _reject = new PulseOutput(_lines.Output(WellKnownLines.Reject), settings.PulseWidths.GetValueOrDefault(WellKnownLines.Reject, settings.Reject.PulseWidth));
        }
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

        if (strobe is not null && bits.Count > 0)
        {
            var offsets = new List<int>();
            for (var bit = 0; bit <= bits.Keys.Max(); bit++)
            {
                offsets.Add(bits.TryGetValue(bit, out var line) ? line.Offset : throw new InvalidOperationException($"recipe-bit{bit} is missing: recipe-select bits must run from 0 without gaps"));
            }

            var strobeInput = new DebouncedInput(edgeSources(strobe), strobe.ActiveLow ? EdgePolarity.Falling : EdgePolarity.Rising, settings.TriggerDebounce, time);
            _recipeCode = new BinaryCodeInput(controller, offsets, strobeInput, bits[0].Mode, code => _recipeSelected?.Invoke(code.Code));
        }

        if (enable is not null)
        {
            // enable: while inactive, triggers are refused and the handshake's ready is low.
            _enableInput = new DebouncedInput(edgeSources(enable), EdgePolarity.Both, settings.TriggerDebounce, time);
            _enableInput.Start(new EdgeAction(e => SetEnabled(e.IsRising != enable.ActiveLow)));
            _edgeInputs.Add((enable, _enableInput));
            SetEnabled(_enableInput.ReadLevel() != enable.ActiveLow);
        }

        if (reset is not null)
        {
            // reset: the active edge acknowledges alarms (tower red, late decisions).
            _resetInput = new DebouncedInput(edgeSources(reset), reset.ActiveLow ? EdgePolarity.Falling : EdgePolarity.Rising, settings.TriggerDebounce, time);
            _resetInput.Start(new EdgeAction(_ => ResetAlarms()));
            _edgeInputs.Add((reset, _resetInput));
        }

        if (trigger is not null)
        {
            var source = edgeSources(trigger);
            _trigger = new DebouncedInput(source, trigger.ActiveLow ? EdgePolarity.Falling : EdgePolarity.Rising, settings.TriggerDebounce, time);
            _trigger.Start(this);
            _edgeInputs.Add((trigger, _trigger));
        }
    }

    /// <summary>The timed reject queue, when configured.</summary>
    public RejectQueue? Queue => _queue;

    /// <summary>The belt encoder, when configured.</summary>
    public QuadratureEncoder? Encoder => _encoder;

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
        if (TriggerAt((long)((Int128)edge.TimestampNs * _time.TimestampFrequency / 1_000_000_000)) > 0)
        {
            Interlocked.Increment(ref _gpioTriggers);
        }
    }

    /// <summary>
    /// Triggers a part at <paramref name="ticks"/> (a <see cref="TimeProvider"/> timestamp): the handshake must be
    /// ready, the cameras take it, and the reject queue opens its record with the encoder count of that moment.
    /// Returns the part id, or −1 when refused.
    /// </summary>
    public long TriggerAt(long ticks)
    {
        if (!_enabled || (_handshake is not null && !_handshake.Trigger()))
        {
            Interlocked.Increment(ref _refusedTriggers);
            return -1;
        }

        var id = _fire(ticks);
        if (id < 0)
        {
            Interlocked.Increment(ref _refusedTriggers);
            LogTriggerRefused(_logger, ticks);
            return -1;
        }

        if (_queue is not null && !_queue.TryOpen(id, ticks, _encoder?.Count ?? 0))
        {
            // No action will run for this part; it is logged and counted (Overflows). Size the queue for the parts
            // that can be between the trigger sensor and the gate.
            LogQueueFull(_logger, id);
        }

        return id;
    }

    /// <inheritdoc/>
    public void Offer(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var pass = result.Verdict == Verdict.Pass;
        if (!pass)
        {
            Interlocked.Increment(ref _rejected);
        }

        if (_queue is not null)
        {
            if (result.TriggerId > 0)
            {
                _queue.Deliver(result.TriggerId, pass);
            }

            _tower?.SetCondition(TowerCondition.LateDecision, _queue.LateAlarm);
        }
        else if (!pass)
        {
            _reject!.TryRequestPulse();
        }

        _tower?.PartJudged(pass);
        if (result.TriggerId > 0)
        {
            _handshake?.Result(pass);
        }
    }

    /// <summary>True while the station accepts triggers (the <c>enable</c> input, when configured, is active).</summary>
    public bool Enabled => _enabled;

    /// <summary>Accepts or refuses triggers (the <c>enable</c> input, or a command).</summary>
    public void SetEnabled(bool enabled)
    {
        _enabled = enabled;
        _handshake?.SetEnabled(enabled);
    }

    /// <summary>Acknowledges alarms: the tower's alarm conditions and the reject queue's late alarm.</summary>
    public void ResetAlarms()
    {
        _queue?.AcknowledgeLateAlarm();
        _tower?.Reset();
    }

    /// <summary>Sets or clears a tower-light condition (camera lost, broker down, backlog…).</summary>
    public void SetCondition(TowerCondition condition, bool on) => _tower?.SetCondition(condition, on);

    /// <summary>Finishes pending pulses, stops the signal timers and puts every output at its safe level.</summary>
    public void Stop(TimeSpan timeout)
    {
        _trigger?.Dispose();
        _reject?.WaitIdle(timeout);
        _handshake?.Dispose();
        _tower?.Dispose();
        _safe.GoSafe(SafeReason.Stop);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _trigger?.Dispose();
        _enableInput?.Dispose();
        _resetInput?.Dispose();
        _recipeCode?.Dispose();
        _reject?.Dispose();
        _queue?.Dispose();
        _clock?.Dispose();
        _encoder?.Dispose();
        _handshake?.Dispose();
        _tower?.Dispose();
        _safe.Dispose();
        _lines.Dispose();
    }

    private static RejectQueueOptions ToOptions(RejectQueueSettings q, double countsPerMm) => new()
    {
        Mode = q.EncoderMode ? RejectQueueMode.Encoder : RejectQueueMode.Time,
        Capacity = q.Capacity,
        Delay = q.Delay,
        DistanceCounts = (long)Math.Round(q.DistanceMm * countsPerMm),
        DecisionMargin = q.DecisionMargin,
        DecisionMarginCounts = (long)Math.Round(q.DecisionMarginMm * countsPerMm),
        FailSafe = q.FailSafe switch
        {
            "pass" => FailSafeAction.Pass,
            "none" => FailSafeAction.None,
            _ => FailSafeAction.Reject,
        },
        PulseWidth = q.PulseWidth,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trigger at {Timestamp} refused: no triggered camera could take it (queue full or none configured)")]
    private static partial void LogTriggerRefused(ILogger logger, long timestamp);

    [LoggerMessage(Level = LogLevel.Error, Message = "Part {Part}: the reject queue is full; the part passes the gate without an action")]
    private static partial void LogQueueFull(ILogger logger, long part);

    /// <summary>An edge handler that runs an action (for the rare inputs: enable, reset).</summary>
    private sealed class EdgeAction(Action<EdgeEvent> action) : IEdgeHandler
    {
        public void OnEdge(in EdgeEvent edge) => action(edge);
    }

    /// <summary>The encoder as the reject queue's belt position.</summary>
    private sealed class EncoderPosition(QuadratureEncoder encoder) : IPositionSource
    {
        public long Position => encoder.Count;
    }
}
