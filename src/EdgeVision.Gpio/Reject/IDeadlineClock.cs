namespace EdgeVision.Gpio.Reject;

/// <summary>
/// The time axis of a <see cref="RejectQueue"/>: a monotonic timestamp and a wait for a deadline on it that another
/// thread can cut short, so the timing thread sleeps until its next event and still hears about new parts.
/// </summary>
/// <remarks>
/// Timestamps are in ticks of <see cref="Frequency"/> per second, the scale of <see cref="TimeProvider.GetTimestamp"/>
/// (for <see cref="TimeProvider.System"/> on Linux, nanoseconds). Waking is a method rather than a
/// <see cref="CancellationToken"/>: a token registration per wait would allocate, and the timing thread waits once per event.
/// </remarks>
public interface IDeadlineClock
{
    /// <summary>Gets the number of ticks per second of <see cref="Now"/>.</summary>
    long Frequency { get; }

    /// <summary>Gets the current timestamp.</summary>
    long Now { get; }

    /// <summary>Waits until <see cref="Now"/> reaches <paramref name="deadline"/>, or until <see cref="Wake"/> is called.</summary>
    /// <param name="deadline">The timestamp to wait for; <see cref="long.MaxValue"/> to wait only for a wake.</param>
    /// <param name="precise">
    /// True when the return must come as close after the deadline as the clock can make it (an output edge); false when
    /// a return somewhat later is fine (a decision, the end of a pulse, a poll), so the clock may sleep instead of spinning.
    /// </param>
    /// <returns>True when the deadline was reached; false when woken first.</returns>
    bool WaitUntil(long deadline, bool precise);

    /// <summary>Makes the current wait return, or the next one if none is in progress; callable from any thread, allocation-free.</summary>
    void Wake();
}
