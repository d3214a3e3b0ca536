namespace EdgeVision.Gpio.Reject;

/// <summary>
/// The real <see cref="IDeadlineClock"/>: for a precise wait, sleeps on an event until about a millisecond before the
/// deadline, then spins on the <see cref="TimeProvider"/> for the last stretch so the deadline is met within microseconds,
/// not a scheduler tick; other waits only sleep (whole milliseconds, rounded up), costing no CPU.
/// </summary>
public sealed class SystemDeadlineClock : IDeadlineClock, IDisposable
{
    private readonly TimeProvider _time;
    private readonly AutoResetEvent _wake = new(false);
    private readonly long _spinTicks;

    /// <summary>Creates a clock over a time provider.</summary>
    /// <param name="timeProvider">Where time comes from; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="spinWindow">How long before a deadline to stop sleeping and spin (default 1 ms).</param>
    public SystemDeadlineClock(TimeProvider? timeProvider = null, TimeSpan? spinWindow = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        TimeSpan spin = spinWindow ?? TimeSpan.FromMilliseconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spin, TimeSpan.Zero, nameof(spinWindow));
        _spinTicks = (long)(spin.TotalSeconds * _time.TimestampFrequency);
    }

    /// <inheritdoc/>
    public long Frequency => _time.TimestampFrequency;

    /// <inheritdoc/>
    public long Now => _time.GetTimestamp();

    /// <inheritdoc/>
    public bool WaitUntil(long deadline, bool precise)
    {
        long spinTicks = precise ? _spinTicks : 0;
        while (true)
        {
            long remaining = deadline == long.MaxValue ? long.MaxValue : deadline - _time.GetTimestamp();
            if (remaining <= 0)
            {
                return true;
            }

            if (remaining > spinTicks)
            {
                // Sleep until the spin window (or, for a loose wait, the deadline rounded up to a millisecond); a wake
                // set before or during the sleep ends it.
                int milliseconds = remaining == long.MaxValue
                    ? Timeout.Infinite
                    : precise
                        ? (int)Math.Clamp((remaining - spinTicks) * 1000 / _time.TimestampFrequency, 0, int.MaxValue - 1)
                        : (int)Math.Clamp(Math.Ceiling(remaining * 1000.0 / _time.TimestampFrequency), 1, int.MaxValue - 1);
                if (milliseconds > 0 || remaining == long.MaxValue)
                {
                    if (_wake.WaitOne(milliseconds))
                    {
                        return false;
                    }

                    continue;
                }
            }

            // The last stretch: a wake now is kept by the event and ends the next wait instead.
            Thread.SpinWait(20);
        }
    }

    /// <inheritdoc/>
    public void Wake() => _wake.Set();

    /// <summary>Releases the wake event.</summary>
    public void Dispose() => _wake.Dispose();
}
