using System.Device.Gpio;

namespace EdgeVision.Gpio;

/// <summary>
/// A named output (reject gate, light, alarm) on one pin of a <see cref="GpioController"/>, switched by meaning
/// (active or not) rather than by level, with a safe state it returns to on <see cref="GoSafe"/> and on dispose.
/// </summary>
/// <remarks>
/// The line owns the pin it opened and nothing else: not the controller, which must outlive it.
/// One thread at a time may switch it. Writes go through <see cref="GpioController.Write(ReadOnlySpan{PinValuePair})"/>,
/// which hands the pair straight to the driver: the single-pin <c>Write</c> of System.Device.Gpio 4.2 stores every value
/// in a <c>ConcurrentDictionary&lt;int, PinValue?&gt;</c>, which allocates a node per call, and ignores writes to a pin
/// that is not an output instead of failing. The driver still checks that the pin is open and an output.
/// </remarks>
public sealed class OutputLine : IDisposable
{
    private readonly GpioController _controller;
    private volatile bool _active;
    private bool _disposed;

    /// <summary>Opens the pin as an output, driving the level that means <paramref name="initialActive"/> from the first moment.</summary>
    /// <param name="controller">The controller the pin belongs to; it is not owned by the line.</param>
    /// <param name="name">What the line is for, used in messages and logs.</param>
    /// <param name="offset">The pin number (line offset on the chip); it must not be open yet.</param>
    /// <param name="activeLow">True when the line is active at the Low level (e.g. a relay board with inverted inputs).</param>
    /// <param name="initialActive">Whether the line starts active.</param>
    /// <param name="safeActive">Whether the line is active in its safe state (where it goes on <see cref="GoSafe"/> and dispose).</param>
    public OutputLine(GpioController controller, string name, int offset, bool activeLow, bool initialActive, bool safeActive)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (controller.IsPinOpen(offset))
        {
            // GpioController.OpenPin returns an already open pin instead of failing; two owners of one pin is a wiring error.
            throw new InvalidOperationException($"Output line '{name}': pin {offset} is already open.");
        }

        _controller = controller;
        Name = name;
        Offset = offset;
        ActiveLow = activeLow;
        SafeActive = safeActive;
        try
        {
            controller.OpenPin(offset, PinMode.Output, LevelFor(initialActive));
        }
        catch
        {
            // OpenPin may have opened the pin before the mode failed; leave nothing behind.
            if (controller.IsPinOpen(offset))
            {
                controller.ClosePin(offset);
            }

            throw;
        }

        _active = initialActive;
    }

    /// <summary>Gets what the line is for.</summary>
    public string Name { get; }

    /// <summary>Gets the pin number the line drives.</summary>
    public int Offset { get; }

    /// <summary>Gets whether the line is active at the Low level.</summary>
    public bool ActiveLow { get; }

    /// <summary>Gets whether the line is active in its safe state.</summary>
    public bool SafeActive { get; }

    /// <summary>Gets whether the line was last set active.</summary>
    public bool IsActive => _active;

    /// <summary>Makes the line active or inactive, writing the physical level that means so; allocation-free.</summary>
    /// <param name="active">True to activate the line.</param>
    public void SetActive(bool active)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pair = new PinValuePair(Offset, LevelFor(active));
        _controller.Write(new ReadOnlySpan<PinValuePair>(in pair));
        _active = active;
    }

    /// <summary>Puts the line in its safe state.</summary>
    public void GoSafe() => SetActive(SafeActive);

    /// <summary>Puts the line in its safe state and closes its pin.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            GoSafe();
        }
        finally
        {
            _disposed = true;
            _controller.ClosePin(Offset);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (pin {Offset}{(ActiveLow ? ", active low" : string.Empty)})";

    private PinValue LevelFor(bool active) => active != ActiveLow ? PinValue.High : PinValue.Low;
}
