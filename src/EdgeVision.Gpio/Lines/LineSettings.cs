using System.Device.Gpio;

namespace EdgeVision.Gpio.Lines;

/// <summary>How one named line is wired: where it is, which way it goes, and what its levels mean.</summary>
/// <param name="Name">What the line is for (one of <see cref="WellKnownLines"/>).</param>
/// <param name="Chip">The gpiochip: "/dev/gpiochipN", "gpiochipN", "N" or a chip label (see <see cref="GpioChipName"/>).</param>
/// <param name="Offset">The line offset on the chip.</param>
/// <param name="Direction">Whether the line is read or driven.</param>
/// <param name="ActiveLow">True when the line means "active" at the Low level.</param>
/// <param name="Bias">The pull resistor of an input; outputs have none.</param>
/// <param name="Initial">Whether an output is active when it is opened; false for inputs.</param>
/// <param name="Safe">Whether an output is active in its safe state (stop, signal, crash); false for inputs.</param>
public sealed record LineSettings(
    string Name,
    string Chip,
    int Offset,
    LineDirection Direction,
    bool ActiveLow = false,
    LineBias Bias = LineBias.None,
    bool Initial = false,
    bool Safe = false)
{
    /// <summary>Gets the pin mode the line is opened in: Output, or the input mode that selects its bias.</summary>
    public PinMode Mode => Direction == LineDirection.Output
        ? PinMode.Output
        : Bias switch
        {
            LineBias.PullUp => PinMode.InputPullUp,
            LineBias.PullDown => PinMode.InputPullDown,
            _ => PinMode.Input,
        };

    /// <summary>Creates the settings of an output line.</summary>
    /// <param name="name">What the line is for.</param>
    /// <param name="chip">The gpiochip.</param>
    /// <param name="offset">The line offset.</param>
    /// <param name="activeLow">True when active at Low.</param>
    /// <param name="initial">Whether it starts active.</param>
    /// <param name="safe">Whether it is active in its safe state.</param>
    public static LineSettings Output(string name, string chip, int offset, bool activeLow = false, bool initial = false, bool safe = false) =>
        new(name, chip, offset, LineDirection.Output, activeLow, LineBias.None, initial, safe);

    /// <summary>Creates the settings of an input line.</summary>
    /// <param name="name">What the line is for.</param>
    /// <param name="chip">The gpiochip.</param>
    /// <param name="offset">The line offset.</param>
    /// <param name="activeLow">True when active at Low.</param>
    /// <param name="bias">Its pull resistor.</param>
    public static LineSettings Input(string name, string chip, int offset, bool activeLow = false, LineBias bias = LineBias.None) =>
        new(name, chip, offset, LineDirection.Input, activeLow, bias);
}
