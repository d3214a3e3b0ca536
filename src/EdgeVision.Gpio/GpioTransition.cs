using System.Device.Gpio;

namespace EdgeVision.Gpio;

/// <summary>One level change of a GPIO line, as recorded by <see cref="SimulatedGpioDriver"/>.</summary>
/// <param name="Pin">The line offset on its chip.</param>
/// <param name="Value">The level the line changed to (High for a rising edge, Low for a falling edge).</param>
/// <param name="Timestamp">When the line changed, in ticks of the driver's <see cref="TimeProvider.GetTimestamp"/>.</param>
public readonly record struct GpioTransition(int Pin, PinValue Value, long Timestamp)
{
    /// <summary>Gets whether this transition is a rising edge (the line went High).</summary>
    public bool IsRising => Value == PinValue.High;
}
