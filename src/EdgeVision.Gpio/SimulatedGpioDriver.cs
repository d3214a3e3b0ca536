using System.Device.Gpio;
using System.Diagnostics.CodeAnalysis;

namespace EdgeVision.Gpio;

/// <summary>
/// A <see cref="GpioDriver"/> that behaves like one Linux gpiochip without hardware: it checks pins and modes as a
/// real driver does, records every level change with a timestamp, and lets tests drive inputs.
/// </summary>
/// <remarks>
/// Lines start as undriven inputs reading Low (High with <see cref="PinMode.InputPullUp"/>), like a freshly booted chip.
/// Every level change of a line, written or injected, is kept as a <see cref="GpioTransition"/> in a bounded ring that
/// is allocated once, so <c>Write</c> does not allocate in steady state. All state is guarded by one lock; edge
/// callbacks run after the lock is released, on the thread that called <see cref="InjectInputLevel"/>.
/// It is stricter than the libgpiod v2 driver, which turns an input into an output when written: here that throws.
/// </remarks>
public sealed partial class SimulatedGpioDriver : GpioDriver
{
    /// <summary>The number of lines of a simulated chip when none is given.</summary>
    public const int DefaultPinCount = 64;

    /// <summary>The number of transitions kept when no capacity is given.</summary>
    public const int DefaultTransitionCapacity = 100_000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly PinState[] _pins;
    private readonly TransitionLog _log;
    private bool _disposed;

    /// <summary>Creates a simulated chip with the given number of lines and transition capacity.</summary>
    /// <param name="pinCount">Number of lines (offsets 0 to pinCount - 1).</param>
    /// <param name="transitionCapacity">How many transitions are kept before the oldest are overwritten.</param>
    /// <param name="timeProvider">Source of transition timestamps; <see cref="TimeProvider.System"/> when null.</param>
    public SimulatedGpioDriver(
        int pinCount = DefaultPinCount,
        int transitionCapacity = DefaultTransitionCapacity,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pinCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(transitionCapacity, 1);
        _pins = new PinState[pinCount];
        _log = new TransitionLog(transitionCapacity);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets how many transitions the ring keeps.</summary>
    public int TransitionCapacity => _log.Capacity;

    /// <summary>Gets how many transitions were overwritten because the ring was full.</summary>
    public long OverwrittenTransitions
    {
        get
        {
            lock (_lock)
            {
                return _log.Overwritten;
            }
        }
    }

    /// <inheritdoc/>
    protected override int PinCount => _pins.Length;

    /// <summary>Returns a copy of the recorded transitions of one line, oldest first.</summary>
    /// <param name="pin">The line offset.</param>
    public IReadOnlyList<GpioTransition> Transitions(int pin)
    {
        CheckRange(pin);
        lock (_lock)
        {
            return _log.Snapshot(pin);
        }
    }

    /// <summary>Counts the recorded rising edges (changes to High) of one line.</summary>
    /// <param name="pin">The line offset.</param>
    public int CountRisingEdges(int pin) => CountEdges(pin, PinValue.High);

    /// <summary>Counts the recorded falling edges (changes to Low) of one line.</summary>
    /// <param name="pin">The line offset.</param>
    public int CountFallingEdges(int pin) => CountEdges(pin, PinValue.Low);

    /// <summary>Forgets every recorded transition and the overwritten count.</summary>
    public void ClearTransitions()
    {
        lock (_lock)
        {
            _log.Clear();
        }
    }

    /// <summary>Returns the level a probe on the line would measure now, whether or not the pin is open.</summary>
    /// <param name="pin">The line offset.</param>
    public PinValue ProbeLevel(int pin)
    {
        CheckRange(pin);
        lock (_lock)
        {
            return _pins[pin].Level;
        }
    }

    /// <inheritdoc/>
    protected override void OpenPin(int pinNumber)
    {
        CheckRange(pinNumber);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pins[pinNumber].IsOpen = true;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Closing keeps the line's mode and level, as releasing a line does, drops its callbacks and ends its waits as timed out;
    /// closing a closed pin does nothing.
    /// </remarks>
    protected override void ClosePin(int pinNumber)
    {
        CheckRange(pinNumber);
        lock (_lock)
        {
            ref PinState pin = ref _pins[pinNumber];
            pin.IsOpen = false;
            pin.Rising = null;
            pin.Falling = null;
            ReleaseWaiters(ref pin);
        }
    }

    /// <inheritdoc/>
    /// <remarks>A line made an output without a value drives Low, as libgpiod does; one that already was an output keeps its level.</remarks>
    protected override void SetPinMode(int pinNumber, PinMode mode) => SetMode(pinNumber, mode, initialValue: null);

    /// <inheritdoc/>
    /// <remarks>Mode and output level change together, so opening an output High makes one rising edge and no glitch.</remarks>
    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue) => SetMode(pinNumber, mode, initialValue);

    /// <inheritdoc/>
    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return OpenPinState(pinNumber).Mode;
        }
    }

    /// <inheritdoc/>
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode)
    {
        CheckRange(pinNumber);
        return mode is PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown or PinMode.Output;
    }

    /// <inheritdoc/>
    /// <remarks>An output reads back the level it drives.</remarks>
    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return OpenPinState(pinNumber).Level;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Allocation-free: a changed level is stored as a struct in the pre-sized ring; an unchanged level records nothing.</remarks>
    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            WriteLocked(pinNumber, value);
        }
    }

    /// <inheritdoc/>
    protected override void Toggle(int pinNumber)
    {
        lock (_lock)
        {
            WriteLocked(pinNumber, !OpenPinState(pinNumber).Level);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _disposed = true;
                for (int i = 0; i < _pins.Length; i++)
                {
                    _pins[i].IsOpen = false;
                    _pins[i].Rising = null;
                    _pins[i].Falling = null;
                    ReleaseWaiters(ref _pins[i]);
                }
            }
        }

        base.Dispose(disposing);
    }

    private void SetMode(int pinNumber, PinMode mode, PinValue? initialValue)
    {
        if (!IsPinModeSupported(pinNumber, mode))
        {
            ThrowModeNotSupported(pinNumber, mode);
        }

        PendingEdge edge;
        lock (_lock)
        {
            ref PinState pin = ref OpenPinState(pinNumber);
            PinValue before = pin.Level;
            if (mode == PinMode.Output)
            {
                pin.OutputLevel = initialValue ?? (pin.Mode == PinMode.Output ? pin.OutputLevel : PinValue.Low);
            }

            pin.Mode = mode;
            edge = RecordChange(pinNumber, before, timestamp: null);
        }

        edge.Raise(this);
    }

    private int CountEdges(int pin, PinValue value)
    {
        CheckRange(pin);
        lock (_lock)
        {
            return _log.Count(pin, value);
        }
    }

    private void WriteLocked(int pinNumber, PinValue value)
    {
        ref PinState pin = ref OpenPinState(pinNumber);
        if (pin.Mode != PinMode.Output)
        {
            ThrowNotOutput(pinNumber, pin.Mode);
        }

        if (pin.OutputLevel != value)
        {
            pin.OutputLevel = value;
            _log.Add(new GpioTransition(pinNumber, value, _time.GetTimestamp()));
        }
    }

    /// <summary>Returns the state of an open pin; caller holds the lock.</summary>
    private ref PinState OpenPinState(int pinNumber)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckRange(pinNumber);
        ref PinState pin = ref _pins[pinNumber];
        if (!pin.IsOpen)
        {
            ThrowNotOpen(pinNumber);
        }

        return ref pin;
    }

    private void CheckRange(int pinNumber)
    {
        if ((uint)pinNumber >= (uint)_pins.Length)
        {
            ThrowOutOfRange(pinNumber, _pins.Length);
        }
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int pinNumber, int pinCount) =>
        throw new ArgumentOutOfRangeException(nameof(pinNumber), pinNumber, $"The simulated chip has lines 0 to {pinCount - 1}.");

    [DoesNotReturn]
    private static void ThrowNotOpen(int pinNumber) =>
        throw new InvalidOperationException($"Pin {pinNumber} is not open.");

    [DoesNotReturn]
    private static void ThrowNotOutput(int pinNumber, PinMode mode) =>
        throw new InvalidOperationException($"Can not write to pin {pinNumber} because it is in {mode} mode, not Output.");

    [DoesNotReturn]
    private static void ThrowModeNotSupported(int pinNumber, PinMode mode) =>
        throw new ArgumentException($"Pin {pinNumber} does not support mode {mode}.", nameof(mode));
}
