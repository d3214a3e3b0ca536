namespace EdgeVision.Acquisition.Sources;

/// <summary>
/// Paces a free-running source at a frame rate: each frame is due one period after the previous one, never early (a
/// wait handle counts whole milliseconds, so waits are rounded up and the clock read again); a source that fell behind by
/// more than a frame starts again from now instead of bursting to catch up. A rate of 0 or less does not pace.
/// </summary>
public sealed class FramePacer(double framesPerSecond, TimeProvider time)
{
    private long _nextDue = time.GetTimestamp();

    /// <summary>The next frame is due now (call when the source opens).</summary>
    public void Restart() => _nextDue = time.GetTimestamp();

    /// <summary>Waits until the next frame is due; false when <paramref name="cancellationToken"/> was cancelled.</summary>
    public bool WaitForNextFrame(CancellationToken cancellationToken)
    {
        if (framesPerSecond <= 0)
        {
            return !cancellationToken.IsCancellationRequested;
        }

        var period = (long)(time.TimestampFrequency / framesPerSecond);
        var now = time.GetTimestamp();
        if (_nextDue < now - period)
        {
            _nextDue = now;
        }

        var due = _nextDue;
        _nextDue += period;
        for (var wait = time.GetElapsedTime(now, due); wait > TimeSpan.Zero; wait = time.GetElapsedTime(time.GetTimestamp(), due))
        {
            if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds))))
            {
                return false;
            }
        }

        return !cancellationToken.IsCancellationRequested;
    }
}
