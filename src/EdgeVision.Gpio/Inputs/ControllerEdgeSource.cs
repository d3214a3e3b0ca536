using System.Device.Gpio;

namespace EdgeVision.Gpio.Inputs;

/// <summary>
/// Delivers the edges of one input pin of a <see cref="GpioController"/> through its
/// <see cref="GpioController.RegisterCallbackForPinValueChangedEvent"/> callback.
/// </summary>
/// <remarks>
/// Timestamps: System.Device.Gpio's <see cref="PinValueChangedEventArgs"/> carries no kernel timestamp. When the driver
/// raises <see cref="TimestampedPinValueChangedEventArgs"/> (the <see cref="SimulatedGpioDriver"/> does), the edge keeps
/// the transition's own timestamp. Otherwise (the libgpiod and sysfs drivers of System.Device.Gpio) the edge is stamped
/// with the time provider's clock when the callback runs, which is later than the edge by the driver's event-thread
/// latency (tens of microseconds to milliseconds under load, unbounded on a busy system).
/// The source owns the pin it opened, not the controller. Edges are delivered on the driver's callback thread.
/// </remarks>
public sealed class ControllerEdgeSource : IEdgeSource
{
    private readonly GpioController _controller;
    private readonly TimeProvider _time;
    private readonly PinChangeEventHandler _callback;
    private IEdgeHandler? _handler;
    private bool _disposed;

    /// <summary>Opens the pin as an input.</summary>
    /// <param name="controller">The controller the pin belongs to; it is not owned by the source.</param>
    /// <param name="offset">The pin number; it must not be open yet.</param>
    /// <param name="mode">Input, InputPullUp or InputPullDown.</param>
    /// <param name="timeProvider">Clock for drivers without edge timestamps; <see cref="TimeProvider.System"/> when null.</param>
    public ControllerEdgeSource(GpioController controller, int offset, PinMode mode = PinMode.Input, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (mode is not (PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown))
        {
            throw new ArgumentException($"An edge source needs an input mode, not {mode}.", nameof(mode));
        }

        if (controller.IsPinOpen(offset))
        {
            throw new InvalidOperationException($"Input pin {offset} is already open.");
        }

        _controller = controller;
        _time = timeProvider ?? TimeProvider.System;
        Offset = offset;
        _callback = OnPinValueChanged;
        controller.OpenPin(offset, mode);
    }

    /// <inheritdoc/>
    public int Offset { get; }

    /// <inheritdoc/>
    public bool ReadLevel() => _controller.Read(Offset) == PinValue.High;

    /// <inheritdoc/>
    public void Start(IEdgeHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException($"The edge source of pin {Offset} is already started.");
        }

        _controller.RegisterCallbackForPinValueChangedEvent(Offset, PinEventTypes.Rising | PinEventTypes.Falling, _callback);
    }

    /// <summary>Stops delivering edges and closes the pin.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_handler is not null)
        {
            _controller.UnregisterCallbackForPinValueChangedEvent(Offset, _callback);
        }

        _controller.ClosePin(Offset);
    }

    private void OnPinValueChanged(object sender, PinValueChangedEventArgs e)
    {
        long timestampNs = e is TimestampedPinValueChangedEventArgs stamped
            ? EdgeClock.ToNanoseconds(stamped.Timestamp, stamped.TimestampFrequency)
            : EdgeClock.NowNanoseconds(_time);
        var edge = new EdgeEvent(e.PinNumber, (e.ChangeType & PinEventTypes.Rising) != 0, timestampNs);
        _handler?.OnEdge(edge);
    }
}
