using System.Device.Gpio;

namespace EdgeVision.Gpio;

/// <summary>
/// Edge event arguments that also carry when the edge happened, as <see cref="SimulatedGpioDriver"/> raises them;
/// the plain <see cref="PinValueChangedEventArgs"/> of System.Device.Gpio has no timestamp.
/// </summary>
/// <param name="changeType">Rising or falling.</param>
/// <param name="pinNumber">The line offset.</param>
/// <param name="timestamp">When the line changed, in ticks of the driver's clock.</param>
/// <param name="timestampFrequency">Ticks per second of <paramref name="timestamp"/>.</param>
public sealed class TimestampedPinValueChangedEventArgs(PinEventTypes changeType, int pinNumber, long timestamp, long timestampFrequency)
    : PinValueChangedEventArgs(changeType, pinNumber)
{
    /// <summary>Gets when the line changed, in ticks of the driver's clock (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long Timestamp { get; } = timestamp;

    /// <summary>Gets the ticks per second of <see cref="Timestamp"/>.</summary>
    public long TimestampFrequency { get; } = timestampFrequency;
}
