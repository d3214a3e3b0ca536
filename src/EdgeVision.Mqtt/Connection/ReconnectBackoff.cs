namespace EdgeVision.Mqtt.Connection;

/// <summary>
/// The reconnect schedule: exponential backoff with jitter, as a pure function. After <c>n</c> failed attempts the
/// wait is drawn uniformly from [upper/2, upper], where upper = min·2^(n+1) capped at max; the lower bound never falls
/// below min. So the first wait lies in [min, 2·min], each failure doubles the range, and at the cap the wait lies in
/// [max/2, max]: never longer than the cap, and spread out so that many stations do not reconnect in lockstep after a
/// broker restart.
/// </summary>
public static class ReconnectBackoff
{
    /// <summary>The range a wait is drawn from after <paramref name="failures"/> failed attempts (0 for the first retry).</summary>
    public static (TimeSpan Lower, TimeSpan Upper) Bounds(int failures, TimeSpan min, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        var upper = min;
        for (var i = 0; i <= failures && upper < max; i++)
        {
            upper = upper.Ticks > max.Ticks / 2 ? max : upper * 2; // doubling stops at the cap, so it cannot overflow
        }

        upper = upper > max ? max : upper;
        var lower = upper / 2 < min ? min : upper / 2;
        return (lower, upper);
    }

    /// <summary>
    /// The wait after <paramref name="failures"/> failed attempts, for a uniform random <paramref name="sample"/> in [0, 1)
    /// (0 gives the lower bound, values towards 1 the upper one).
    /// </summary>
    public static TimeSpan Delay(int failures, TimeSpan min, TimeSpan max, double sample)
    {
        if (double.IsNaN(sample) || sample < 0 || sample > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sample), sample, "The jitter sample must lie in [0, 1].");
        }

        var (lower, upper) = Bounds(failures, min, max);
        return lower + ((upper - lower) * sample);
    }
}
