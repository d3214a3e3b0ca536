namespace EdgeVision.Gpio.Signals;

/// <summary>Timing of the PLC/robot handshake.</summary>
public sealed record HandshakeOptions
{
    /// <summary>Gets how long <c>result-valid</c> stays high.</summary>
    public TimeSpan ResultValidWidth { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Gets how long <c>pass</c> holds the verdict before <c>result-valid</c> rises.</summary>
    public TimeSpan SetupTime { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Gets how many parts may be between trigger and result at once; <c>ready</c> drops when this many are.</summary>
    public int MaxPartsInFlight { get; init; } = 16;
}
