namespace EdgeVision.TestSupport;

/// <summary>
/// A clock with timers that stands still until <see cref="Advance"/>: due timers fire in time order on the test's
/// thread, with the clock set to their due time, so transition timestamps are exact.
/// </summary>
internal sealed class SteppedTimeProvider : TimeProvider
{
    private readonly List<SteppedTimer> _timers = [];

    /// <summary>Current time in microseconds (the timestamp unit).</summary>
    public long Now { get; private set; }

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Now;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(Now * 10);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        long end = Now + Micros(by);
        while (true)
        {
            SteppedTimer? next = null;
            lock (_timers)
            {
                foreach (SteppedTimer t in _timers)
                {
                    if (t.Due <= end && (next is null || t.Due < next.Due))
                    {
                        next = t;
                    }
                }
            }

            if (next is null)
            {
                break;
            }

            Now = Math.Max(Now, next.Due);
            next.Fire();
        }

        Now = end;
    }

    /// <summary>Moves the clock forward in equal steps (like a real clock ticking).</summary>
    public void AdvanceInSteps(TimeSpan total, TimeSpan step)
    {
        for (var done = TimeSpan.Zero; done < total; done += step)
        {
            Advance(step);
        }
    }

    private static long Micros(TimeSpan t) => t.Ticks / 10;

    private sealed class SteppedTimer(SteppedTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; private set; } = long.MaxValue;

        private long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.Now + Micros(dueTime);
            Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? 0 : Micros(period);
            return true;
        }

        public void Fire()
        {
            Due = Period > 0 ? Due + Period : long.MaxValue;
            callback(state);
        }

        public void Dispose()
        {
            Due = long.MaxValue;
            lock (clock._timers)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
