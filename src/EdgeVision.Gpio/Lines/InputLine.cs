using System.Device.Gpio;

namespace EdgeVision.Gpio.Lines;

/// <summary>
/// A named input (sensor, encoder channel, PLC signal) on one pin of a <see cref="GpioController"/>, read by meaning
/// (active or not) rather than by level, with its pull resistor selected when it is opened.
/// </summary>
/// <remarks>The line owns the pin it opened, not the controller, which must outlive it.</remarks>
public sealed class InputLine : IDisposable
{
    private readonly GpioController _controller;
    private bool _disposed;

    /// <summary>Opens the pin as an input with the given bias.</summary>
    /// <param name="controller">The controller the pin belongs to; it is not owned by the line.</param>
    /// <param name="name">What the line is for, used in messages.</param>
    /// <param name="offset">The pin number; it must not be open yet.</param>
    /// <param name="activeLow">True when the line is active at the Low level.</param>
    /// <param name="bias">The pull resistor.</param>
    public InputLine(GpioController controller, string name, int offset, bool activeLow, LineBias bias)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (controller.IsPinOpen(offset))
        {
            throw new InvalidOperationException($"Input line '{name}': pin {offset} is already open.");
        }

        _controller = controller;
        Name = name;
        Offset = offset;
        ActiveLow = activeLow;
        Bias = bias;
        PinMode mode = LineSettings.Input(name, "0", offset, activeLow, bias).Mode;
        try
        {
            controller.OpenPin(offset, mode);
        }
        catch
        {
            if (controller.IsPinOpen(offset))
            {
                controller.ClosePin(offset);
            }

            throw;
        }
    }

    /// <summary>Gets what the line is for.</summary>
    public string Name { get; }

    /// <summary>Gets the pin number the line reads.</summary>
    public int Offset { get; }

    /// <summary>Gets whether the line is active at the Low level.</summary>
    public bool ActiveLow { get; }

    /// <summary>Gets the pull resistor selected when the line was opened.</summary>
    public LineBias Bias { get; }

    /// <summary>Gets the edge at which the line becomes active: Falling when active-low, Rising otherwise.</summary>
    public PinEventTypes ActivatingEdge => ActiveLow ? PinEventTypes.Falling : PinEventTypes.Rising;

    /// <summary>Reads the pin and says whether the line is active now.</summary>
    public bool ReadActive()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return (_controller.Read(Offset) == PinValue.High) != ActiveLow;
    }

    /// <summary>Closes the pin.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _controller.ClosePin(Offset);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (pin {Offset}{(ActiveLow ? ", active low" : string.Empty)}, {Bias})";
}
