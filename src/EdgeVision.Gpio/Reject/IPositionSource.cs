namespace EdgeVision.Gpio.Reject;

/// <summary>The belt position in encoder counts, read by a <see cref="RejectQueue"/> in <see cref="RejectQueueMode.Encoder"/> mode.</summary>
/// <remarks>Implemented by the quadrature encoder; read from the timing thread, so it must be thread-safe and allocation-free.</remarks>
public interface IPositionSource
{
    /// <summary>Gets the current count (increasing while the belt runs forward).</summary>
    long Position { get; }
}
