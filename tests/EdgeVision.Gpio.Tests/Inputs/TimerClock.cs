namespace EdgeVision.Gpio.Tests.Inputs;

/// <summary>A clock in microseconds that stands still until the test advances it, firing the timers that fall due.</summary>
internal sealed class TimerClock : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    public long Timestamp { get; private set; }

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Timestamp;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing each due timer at its due time, earliest first.</summary>
    public void Advance(TimeSpan by)
    {
        long end = Timestamp + (by.Ticks / 10);
        while (true)
        {
            ManualTimer? next = null;
            foreach (ManualTimer timer in _timers)
            {
                if (timer.DueUs is long due && due <= end && (next is null || due < next.DueUs))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                break;
            }

            Timestamp = Math.Max(Timestamp, next.DueUs!.Value);
            next.DueUs = null;
            next.Fire();
        }

        Timestamp = end;
    }

    /// <summary>A one-shot timer fired by <see cref="Advance"/>.</summary>
    private sealed class ManualTimer(TimerClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long? DueUs { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueUs = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Timestamp + ((dueTime.Ticks + 9) / 10);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            DueUs = null;
            clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
