using EdgeVision.Gpio.Reject;

namespace EdgeVision.Gpio.Tests.Reject;

/// <summary>A settable encoder count standing in for the quadrature encoder.</summary>
internal sealed class Belt : IPositionSource
{
    private long _position;

    public long Position
    {
        get => Volatile.Read(ref _position);
        set => Volatile.Write(ref _position, value);
    }
}
