using EdgeVision.Gpio.Reject;

namespace EdgeVision.Gpio.Tests.Reject;

/// <summary>
/// A clock in microseconds that stands still until the test moves it; the timing thread's waits are released when it
/// moves, and the test waits until that thread has looked at the new time and gone back to waiting, so every edge it
/// writes carries exactly the time the test set.
/// </summary>
internal sealed class ManualDeadlineClock(long start = 0) : TimeProvider, IDeadlineClock
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly object _sync = new();
    private long _now = start;
    private bool _woken;
    private long _generation;
    private long _parkedGeneration = -1;
    private bool _parked;

    public override long TimestampFrequency => 1_000_000;

    public long Frequency => TimestampFrequency;

    public long Now => Volatile.Read(ref _now);

    /// <summary>Gets the deadline and precision of the wait the timing thread is parked in (read after a settle).</summary>
    public (long Deadline, bool Precise) CurrentWait { get; private set; }

    public override long GetTimestamp() => Now;

    public bool WaitUntil(long deadline, bool precise)
    {
        lock (_sync)
        {
            while (true)
            {
                if (_woken)
                {
                    _woken = false;
                    _parked = false;
                    return false;
                }

                if (_now >= deadline)
                {
                    _parked = false;
                    return true;
                }

                _parked = true;
                _parkedGeneration = _generation;
                CurrentWait = (deadline, precise);
                Monitor.PulseAll(_sync);
                Monitor.Wait(_sync);
            }
        }
    }

    public void Wake()
    {
        lock (_sync)
        {
            _woken = true;
            _generation++;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Moves the time to <paramref name="timestamp"/> and returns once the waiting thread has handled it.</summary>
    public void AdvanceTo(long timestamp)
    {
        lock (_sync)
        {
            Assert.True(timestamp >= _now, $"time cannot go back from {_now} to {timestamp}");
            Volatile.Write(ref _now, timestamp);
            _generation++;
            Monitor.PulseAll(_sync);
            WaitParked();
        }
    }

    /// <summary>Moves the time without waiting for the waiting thread (which may not come back, e.g. after a fault).</summary>
    public void Set(long timestamp)
    {
        lock (_sync)
        {
            Volatile.Write(ref _now, timestamp);
            _generation++;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Returns once the waiting thread has handled every wake so far and is waiting again.</summary>
    public void Settle()
    {
        lock (_sync)
        {
            WaitParked();
        }
    }

    private void WaitParked()
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!(_parked && _parkedGeneration == _generation))
        {
            Assert.True(DateTime.UtcNow < deadline, "the timing thread did not get back to waiting");
            Monitor.Wait(_sync, TimeSpan.FromMilliseconds(100));
        }
    }
}
