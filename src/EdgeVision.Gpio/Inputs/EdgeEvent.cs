using System.Device.Gpio;

namespace EdgeVision.Gpio.Inputs;

/// <summary>One edge of an input line with the time it happened.</summary>
/// <param name="Offset">The line offset on its chip.</param>
/// <param name="IsRising">True for a change to High, false for a change to Low.</param>
/// <param name="TimestampNs">When the line changed, in nanoseconds of a monotonic clock (see <see cref="EdgeClock"/>).</param>
public readonly record struct EdgeEvent(int Offset, bool IsRising, long TimestampNs)
{
    /// <summary>Gets the level the line changed to.</summary>
    public PinValue Level => IsRising ? PinValue.High : PinValue.Low;
}

/// <summary>Converts clock ticks to the nanoseconds that <see cref="EdgeEvent"/> timestamps are given in.</summary>
public static class EdgeClock
{
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Converts a timestamp in ticks of a clock with the given frequency to nanoseconds of the same clock.</summary>
    /// <param name="ticks">A timestamp, e.g. from <see cref="TimeProvider.GetTimestamp"/>.</param>
    /// <param name="frequency">Ticks per second of that clock.</param>
    public static long ToNanoseconds(long ticks, long frequency) =>
        frequency == NanosecondsPerSecond ? ticks : (long)((Int128)ticks * NanosecondsPerSecond / frequency);

    /// <summary>Returns the current timestamp of a time provider in nanoseconds.</summary>
    /// <param name="time">The clock.</param>
    public static long NowNanoseconds(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ToNanoseconds(time.GetTimestamp(), time.TimestampFrequency);
    }
}
