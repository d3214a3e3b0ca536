using EdgeVision.Acquisition.Sources;
using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Triggers;

/// <summary>
/// The triggered mode of any frame source (synthetic, replay, a camera): one frame per trigger, taken
/// <see cref="Delay"/> after the trigger's own timestamp (not after the acquisition thread got round to it), and
/// stamped with the trigger's id and timestamp. The source itself runs unpaced; this decides when it captures.
/// </summary>
/// <remarks>
/// Used by one acquisition thread: <see cref="TryTake"/> then <see cref="Capture"/> for each trigger. A trigger taken
/// for which the source gives no frame (it failed, or its recording ended) is counted in <see cref="Missed"/>: its
/// part has no image, which the station treats as a missing result (the reject queue's fail-safe).
/// </remarks>
public sealed class TriggeredCapture
{
    private readonly TriggerQueue _triggers;
    private readonly TimeProvider _time;
    private long _missed;

    /// <summary>Takes triggers from <paramref name="triggers"/> (not owned) on the clock of their timestamps.</summary>
    public TriggeredCapture(TriggerQueue triggers, TimeSpan delay, TimeProvider? time = null)
    {
        _triggers = triggers ?? throw new ArgumentNullException(nameof(triggers));
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Delay = delay;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Time from a trigger's timestamp to its capture (the sensor's position behind the trigger sensor).</summary>
    public TimeSpan Delay { get; }

    /// <summary>The queue the triggers come from.</summary>
    public TriggerQueue Queue => _triggers;

    /// <summary>Triggers taken for which the source delivered no frame.</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <summary>
    /// Takes the oldest trigger, waiting up to <paramref name="timeout"/> for one, and then waits until its capture
    /// time (timestamp + <see cref="Delay"/>). False on time-out or cancellation.
    /// </summary>
    public bool TryTake(TimeSpan timeout, CancellationToken cancellationToken, out TriggerRequest request)
    {
        if (!_triggers.TryTake(timeout, cancellationToken, out request))
        {
            return false;
        }

        var due = request.Timestamp + (long)Math.Ceiling(Delay.TotalSeconds * _time.TimestampFrequency);
        for (var wait = _time.GetElapsedTime(_time.GetTimestamp(), due); wait > TimeSpan.Zero; wait = _time.GetElapsedTime(_time.GetTimestamp(), due))
        {
            // A wait handle counts whole milliseconds: round up, and check the clock again, so a capture is never early.
            if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds))))
            {
                Interlocked.Increment(ref _missed);
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Captures the frame for <paramref name="request"/> from <paramref name="source"/> and stamps it with the trigger's
    /// id and timestamp. False (and counted as missed) when the source gave no frame; a source's exception is counted
    /// and passed on.
    /// </summary>
    public bool Capture(IFrameSource source, Frame frame, in TriggerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(frame);
        bool captured;
        try
        {
            captured = source.Capture(frame, cancellationToken);
        }
        catch
        {
            Interlocked.Increment(ref _missed);
            throw;
        }

        if (!captured)
        {
            Interlocked.Increment(ref _missed);
            return false;
        }

        frame.TriggerId = request.Id;
        frame.TriggerTimestamp = request.Timestamp;
        return true;
    }

    /// <summary>Counts a trigger taken that never reached <see cref="Capture"/> (e.g. the acquisition stopped first).</summary>
    public void CountMissed() => Interlocked.Increment(ref _missed);
}
