using System.Device.Gpio;

namespace EdgeVision.Gpio;

/// <content>Inputs: injected levels, edge callbacks and <c>WaitForEvent</c>, as the kernel delivers them.</content>
public sealed partial class SimulatedGpioDriver
{
    /// <summary>
    /// Sets the level an external device drives onto an input line; a change records a transition, raises the
    /// callbacks registered for that edge and completes the waits for it. The same level again does nothing.
    /// </summary>
    /// <remarks>
    /// The callbacks receive a <see cref="TimestampedPinValueChangedEventArgs"/> carrying the transition's own timestamp,
    /// as the kernel's line events do, so readers need not stamp the edge when the callback runs.
    /// </remarks>
    /// <param name="pin">The line offset; it must not be configured as an output.</param>
    /// <param name="value">The level now driven onto the line.</param>
    /// <param name="timestamp">The transition's timestamp; the time provider's current timestamp when null.</param>
    public void InjectInputLevel(int pin, PinValue value, long? timestamp = null)
    {
        CheckRange(pin);
        PendingEdge edge;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ref PinState state = ref _pins[pin];
            if (state.Mode == PinMode.Output)
            {
                throw new InvalidOperationException($"Pin {pin} is an output; only inputs can be driven from outside.");
            }

            PinValue before = state.Level;
            state.InjectedLevel = value;
            edge = RecordChange(pin, before, timestamp);
        }

        edge.Raise(this);
    }

    /// <inheritdoc/>
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        CheckEventTypes(eventTypes);
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            ref PinState pin = ref OpenPinState(pinNumber);
            if ((eventTypes & PinEventTypes.Rising) != 0)
            {
                pin.Rising += callback;
            }

            if ((eventTypes & PinEventTypes.Falling) != 0)
            {
                pin.Falling += callback;
            }
        }
    }

    /// <inheritdoc/>
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            ref PinState pin = ref OpenPinState(pinNumber);
            pin.Rising -= callback;
            pin.Falling -= callback;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Waits for the next edge of a wanted type; cancellation, closing the pin or disposing the driver end it as timed out.</remarks>
    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        CheckEventTypes(eventTypes);
        using var waiter = new EdgeWaiter(eventTypes);
        lock (_lock)
        {
            ref PinState pin = ref OpenPinState(pinNumber);
            (pin.Waiters ??= []).Add(waiter);
        }

        using (cancellationToken.UnsafeRegister(static state => ((EdgeWaiter)state!).Signal.Set(), waiter))
        {
            waiter.Signal.Wait(CancellationToken.None);
        }

        PinEventTypes occurred;
        lock (_lock)
        {
            _pins[pinNumber].Waiters?.Remove(waiter);
            occurred = waiter.Occurred;
        }

        return new WaitForEventResult { EventTypes = occurred, TimedOut = occurred == PinEventTypes.None };
    }

    /// <summary>Records a level change of a line and collects the edge to raise; caller holds the lock.</summary>
    private PendingEdge RecordChange(int pinNumber, PinValue before, long? timestamp)
    {
        ref PinState pin = ref _pins[pinNumber];
        PinValue after = pin.Level;
        if (after == before)
        {
            return default;
        }

        long at = timestamp ?? _time.GetTimestamp();
        _log.Add(new GpioTransition(pinNumber, after, at));
        if (pin.Mode == PinMode.Output)
        {
            // The kernel reports edge events on inputs only.
            return default;
        }

        PinEventTypes type = after == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
        if (pin.Waiters is { } waiters)
        {
            for (int i = waiters.Count - 1; i >= 0; i--)
            {
                if ((waiters[i].Wanted & type) != 0)
                {
                    waiters[i].Occurred = type;
                    waiters[i].Signal.Set();
                    waiters.RemoveAt(i);
                }
            }
        }

        return new PendingEdge(pinNumber, type, at, _time.TimestampFrequency, type == PinEventTypes.Rising ? pin.Rising : pin.Falling);
    }

    /// <summary>Ends every wait on a line as timed out; caller holds the lock.</summary>
    private static void ReleaseWaiters(ref PinState pin)
    {
        if (pin.Waiters is { } waiters)
        {
            foreach (EdgeWaiter waiter in waiters)
            {
                waiter.Signal.Set();
            }

            waiters.Clear();
        }
    }

    private static void CheckEventTypes(PinEventTypes eventTypes)
    {
        if ((eventTypes & (PinEventTypes.Rising | PinEventTypes.Falling)) == 0)
        {
            throw new ArgumentException("Wait for Rising, Falling or both.", nameof(eventTypes));
        }
    }

    /// <summary>The state of one line: what the chip knows about it, open or not.</summary>
    private struct PinState
    {
        public bool IsOpen;
        public PinMode Mode;
        public PinValue OutputLevel;
        public PinValue? InjectedLevel;
        public PinChangeEventHandler? Rising;
        public PinChangeEventHandler? Falling;
        public List<EdgeWaiter>? Waiters;

        /// <summary>Gets the level on the wire: driven by us, by the outside, or by the bias when nobody drives it.</summary>
        public readonly PinValue Level => Mode == PinMode.Output
            ? OutputLevel
            : InjectedLevel ?? (Mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low);
    }

    /// <summary>An edge to report once the lock is released, so callbacks may call back into the driver.</summary>
    private readonly record struct PendingEdge(int Pin, PinEventTypes Type, long Timestamp, long Frequency, PinChangeEventHandler? Handlers)
    {
        public void Raise(object sender) =>
            Handlers?.Invoke(sender, new TimestampedPinValueChangedEventArgs(Type, Pin, Timestamp, Frequency));
    }

    /// <summary>One thread blocked in <c>WaitForEvent</c>.</summary>
    private sealed class EdgeWaiter(PinEventTypes wanted) : IDisposable
    {
        public PinEventTypes Wanted { get; } = wanted;

        public PinEventTypes Occurred { get; set; }

        public ManualResetEventSlim Signal { get; } = new(initialState: false);

        public void Dispose() => Signal.Dispose();
    }
}
