using System.Diagnostics;

namespace EdgeVision.Gpio;

/// <summary>
/// Issues pulses of a fixed width on an <see cref="OutputLine"/> from a dedicated high-priority thread, so that a
/// caller (the result fan-out, a reject queue) only enqueues a request and never waits for the pulse.
/// </summary>
/// <remarks>
/// Requests are identical, so the bounded queue is just its length: a count of waiting requests that never exceeds
/// the capacity, guarded by one monitor that the caller holds only for the enqueue. Every request becomes its own
/// pulse: after each pulse the line stays inactive for at least the pulse width before the next one starts, so
/// back-to-back requests never merge into one long pulse. Widths and gaps are lower bounds; the scheduler can only
/// make them longer. The pulse output does not own the line; the caller disposes the line after the pulse output.
/// </remarks>
public sealed class PulseOutput : IDisposable
{
    /// <summary>The number of requests that can wait when no queue capacity is given.</summary>
    public const int DefaultQueueCapacity = 256;

    private static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private readonly OutputLine _line;
    private readonly long _widthTicks;
    private readonly TimeSpan _drainTimeout;
    private readonly object _sync = new();
    private readonly int _capacity;
    private readonly Thread _thread;
    private int _waiting;
    private long _requested;
    private long _issued;
    private long _overflows;
    private bool _stopping;
    private bool _abandon;
    private Exception? _fault;
    private int _disposed;

    /// <summary>Starts the pulse thread for a line, which should be inactive now.</summary>
    /// <param name="line">The line to pulse; not owned.</param>
    /// <param name="width">How long each pulse keeps the line active, and the least time between two pulses.</param>
    /// <param name="queueCapacity">How many requests may wait; more are refused and counted in <see cref="Overflows"/>.</param>
    /// <param name="drainTimeout">How long <see cref="Dispose"/> lets queued pulses finish before dropping the rest (default 5 s).</param>
    public PulseOutput(OutputLine line, TimeSpan width, int queueCapacity = DefaultQueueCapacity, TimeSpan? drainTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueCapacity, 1);
        _line = line;
        Width = width;
        _widthTicks = (long)Math.Ceiling(width.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);
        _drainTimeout = drainTimeout ?? DefaultDrainTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThan(_drainTimeout, TimeSpan.Zero, nameof(drainTimeout));
        _capacity = queueCapacity;
        _thread = new Thread(Run)
        {
            Name = $"pulse {line.Name}",
            IsBackground = true,
            Priority = ThreadPriority.Highest,
        };
        _thread.Start();
    }

    /// <summary>Gets how long each pulse keeps the line active.</summary>
    public TimeSpan Width { get; }

    /// <summary>Gets how many requests may wait for the pulse thread.</summary>
    public int QueueCapacity => _capacity;

    /// <summary>Gets how many requests were accepted.</summary>
    public long Requested => Volatile.Read(ref _requested);

    /// <summary>Gets how many pulses were completed (line activated, held, deactivated).</summary>
    public long Issued => Volatile.Read(ref _issued);

    /// <summary>Gets how many requests were refused because the queue was full.</summary>
    public long Overflows => Volatile.Read(ref _overflows);

    /// <summary>Gets the error that stopped the pulse thread (the line could not be written), or null while it runs.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Asks for one pulse without waiting for it; allocation-free.</summary>
    /// <returns>True when queued; false when the queue was full (counted in <see cref="Overflows"/>).</returns>
    /// <exception cref="InvalidOperationException">The pulse thread stopped on an error; see <see cref="Fault"/>.</exception>
    public bool TryRequestPulse()
    {
        lock (_sync)
        {
            if (_fault is not null)
            {
                throw new InvalidOperationException($"The pulse thread of '{_line.Name}' stopped on an error.", _fault);
            }

            ObjectDisposedException.ThrowIf(_stopping, this);

            if (_waiting == _capacity)
            {
                _overflows++;
                return false;
            }

            _waiting++;
            _requested++;
            Monitor.PulseAll(_sync);
            return true;
        }
    }

    /// <summary>Waits until every accepted request has been issued as a pulse (used on a graceful stop).</summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> to wait without limit.</param>
    /// <returns>True when idle; false on timeout or when the pulse thread stopped on an error.</returns>
    public bool WaitIdle(TimeSpan timeout)
    {
        bool infinite = timeout == Timeout.InfiniteTimeSpan;
        if (!infinite)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        }

        long start = Stopwatch.GetTimestamp();
        lock (_sync)
        {
            while (_issued != _requested)
            {
                TimeSpan remaining = infinite ? Timeout.InfiniteTimeSpan : timeout - Stopwatch.GetElapsedTime(start);
                if (_fault is not null || (!infinite && remaining <= TimeSpan.Zero))
                {
                    return false;
                }

                Monitor.Wait(_sync, remaining);
            }

            return true;
        }
    }

    /// <summary>
    /// Stops the pulse thread after it has issued the queued pulses (dropping those still queued after the drain
    /// timeout, never cutting a pulse short) and leaves the line in its safe state.
    /// </summary>
    /// <remarks>If the line cannot be put in its safe state, what the driver threw is passed on: that must not go unnoticed.</remarks>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_sync)
        {
            _stopping = true;
            Monitor.PulseAll(_sync);
        }

        if (!_thread.Join(_drainTimeout))
        {
            lock (_sync)
            {
                _abandon = true;
            }

            // What is left is at most the pulse in progress and its gap.
            _thread.Join(Width + Width + TimeSpan.FromSeconds(1));
        }

        _line.GoSafe();
    }

    private void Run()
    {
        try
        {
            while (TryDequeue())
            {
                _line.SetActive(true);
                long activatedAt = Stopwatch.GetTimestamp();
                WaitUntil(activatedAt + _widthTicks);
                _line.SetActive(false);
                long deactivatedAt = Stopwatch.GetTimestamp();
                bool more;
                lock (_sync)
                {
                    _issued++;
                    Monitor.PulseAll(_sync);
                    more = !_stopping || (_waiting > 0 && !_abandon);
                }

                if (more)
                {
                    // The gap: the next pulse may start no earlier than one width after this one ended.
                    WaitUntil(deactivatedAt + _widthTicks);
                }
            }
        }
        catch (Exception ex)
        {
            // An unhandled exception would end the process; keep it for TryRequestPulse and Fault instead.
            lock (_sync)
            {
                _fault = ex;
                Monitor.PulseAll(_sync);
            }
        }
    }

    /// <summary>Waits for a request and takes it; false when stopping and none is left (or the rest is dropped).</summary>
    private bool TryDequeue()
    {
        lock (_sync)
        {
            while (_waiting == 0 && !_stopping)
            {
                Monitor.Wait(_sync);
            }

            if (_waiting == 0 || _abandon)
            {
                return false;
            }

            _waiting--;
            return true;
        }
    }

    /// <summary>Returns at or just after a Stopwatch timestamp.</summary>
    private static void WaitUntil(long deadline)
    {
        // Thread.Sleep never wakes early but may wake a millisecond or more late, and its resolution is whole
        // milliseconds. So sleep until about 1 ms before the deadline, then spin on the Stopwatch for the last stretch:
        // the edge lands within microseconds after the deadline instead of somewhere in the next scheduler tick.
        while (true)
        {
            long remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            long sleepMilliseconds = (remaining - SpinTicks) * 1000 / Stopwatch.Frequency;
            if (sleepMilliseconds > 0)
            {
                Thread.Sleep((int)Math.Min(sleepMilliseconds, int.MaxValue));
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }
}
