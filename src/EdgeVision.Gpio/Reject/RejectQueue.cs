namespace EdgeVision.Gpio.Reject;

/// <summary>
/// Tracks each triggered part to its reject gate and pulses the <c>reject</c> (or <c>pass</c>) output at the moment the
/// part gets there, from a dedicated high-priority timing thread, whenever its result arrived; or applies the fail-safe
/// and says so when the result did not arrive in time.
/// </summary>
/// <remarks>
/// <para>Parts sit in a preallocated ring in trigger order (FIFO); results are matched by part id, so they may come in
/// any order. A part's action runs at its trigger timestamp + <see cref="RejectQueueOptions.Delay"/> (time mode) or at
/// its trigger count + <see cref="RejectQueueOptions.DistanceCounts"/> (encoder mode). Its decision deadline is that
/// moment minus the decision margin: a part without a result then gets the fail-safe action, <see cref="FailSafes"/>
/// rises and <see cref="LateAlarm"/> is set; a result arriving afterwards is counted in the late results and never actuated.</para>
/// <para>Timestamps are ticks of the <see cref="IDeadlineClock"/> (its <see cref="IDeadlineClock.Frequency"/>; for the
/// system clock on Linux, nanoseconds of the monotonic clock), the same scale as <see cref="TimeProvider.GetTimestamp"/>.</para>
/// <para>A pulse runs from the action to the action + <see cref="RejectQueueOptions.PulseWidth"/>; an action on a line
/// that is still active extends its pulse (two parts closer than one width share it).</para>
/// <para>The timing thread allocates nothing per part (see <see cref="TimingThreadAllocatedBytes"/>). The queue owns
/// neither the lines nor the clock; on dispose it leaves the lines in their safe state.</para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It is the line's reject queue, the name the issue and the trade use; it is not a Queue<T>.")]
public sealed partial class RejectQueue : IDisposable
{
    /// <summary>How late a loose (sleeping) wait may return: an action due within this after it makes the wait precise.</summary>
    private static readonly TimeSpan LooseWaitGuard = TimeSpan.FromMilliseconds(3);

    private readonly RejectQueueOptions _options;
    private readonly IDeadlineClock _clock;
    private readonly IPositionSource? _position;
    private readonly OutputLine _reject;
    private readonly OutputLine? _pass;
    private readonly PartRecord[] _parts;
    private readonly bool[] _hasResult;
    private readonly long _reach;
    private readonly long _margin;
    private readonly object _sync = new();
    private readonly TimingErrorSamples _samples = new();
    private readonly object _readerSync = new();
    private readonly long[] _readerScratch = new long[TimingErrorSamples.DefaultCapacity];
    private readonly Thread _thread;
    private int _head;
    private int _depth;
    private long _opened;
    private long _overflows;
    private long _delivered;
    private long _actuatedRejects;
    private long _actuatedPasses;
    private long _failSafes;
    private long _lateResults;
    private long _unknownResults;
    private bool _lateAlarm;
    private bool _stopping;
    private Exception? _fault;
    private int _disposed;

    /// <summary>Starts the timing thread of a queue.</summary>
    /// <param name="options">Mode, delay or distance, margin, fail-safe, width and capacity; validated here.</param>
    /// <param name="clock">The time axis (a <see cref="SystemDeadlineClock"/> in service); not owned.</param>
    /// <param name="reject">The reject gate output, inactive now; not owned.</param>
    /// <param name="pass">An output pulsed for passed parts, or null; not owned.</param>
    /// <param name="position">The encoder count; required in encoder mode, ignored in time mode.</param>
    public RejectQueue(RejectQueueOptions options, IDeadlineClock clock, OutputLine reject, OutputLine? pass = null, IPositionSource? position = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(reject);
        options.Validate();
        if (options.Mode == RejectQueueMode.Encoder)
        {
            ArgumentNullException.ThrowIfNull(position);
            _position = position;
            _reach = options.DistanceCounts;
            _margin = options.DecisionMarginCounts;
        }
        else
        {
            _reach = ToTicks(options.Delay, clock.Frequency);
            _margin = ToTicks(options.DecisionMargin, clock.Frequency);
        }

        _options = options;
        _clock = clock;
        _reject = reject;
        _pass = pass;
        _parts = new PartRecord[options.Capacity];
        _hasResult = new bool[options.Capacity];
        _fired = new long[options.Capacity];
        _widthTicks = Math.Max(1, ToTicks(options.PulseWidth, clock.Frequency));
        _pollTicks = Math.Max(1, ToTicks(options.EncoderPollInterval, clock.Frequency));
        _guardTicks = ToTicks(LooseWaitGuard, clock.Frequency);
        _thread = new Thread(Run)
        {
            Name = $"reject queue {reject.Name}",
            IsBackground = true,
            Priority = ThreadPriority.Highest,
        };
        _thread.Start();
    }

    /// <summary>Gets the options the queue runs with.</summary>
    public RejectQueueOptions Options => _options;

    /// <summary>Gets how many parts are open (triggered, gate not reached yet).</summary>
    public int Depth
    {
        get
        {
            lock (_sync)
            {
                return _depth;
            }
        }
    }

    /// <summary>Gets how many parts got no result by their decision deadline.</summary>
    public long FailSafes => Interlocked.Read(ref _failSafes);

    /// <summary>Gets how many results arrived after their part failed safe (never actuated).</summary>
    public long LateResults => Interlocked.Read(ref _lateResults);

    /// <summary>Gets how many triggers were refused because the queue was full.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>Gets whether a part failed safe since the alarm was last acknowledged.</summary>
    public bool LateAlarm => Volatile.Read(ref _lateAlarm);

    /// <summary>Gets the error that stopped the timing thread (an output could not be written), or null while it runs.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Gets the bytes the timing thread has allocated since it started (flat once warm: nothing per part).</summary>
    public long TimingThreadAllocatedBytes => Interlocked.Read(ref _timingThreadAllocated);

    /// <summary>Opens a part record for a trigger edge; allocation-free.</summary>
    /// <param name="partId">The part's id, by which its result will be matched.</param>
    /// <param name="triggerTimestamp">The edge timestamp, in ticks of the queue's clock.</param>
    /// <param name="triggerCount">The encoder count at the edge (used in encoder mode).</param>
    /// <returns>
    /// True when the part is tracked; false when the queue is full (counted in <see cref="Overflows"/>). A refused
    /// part will never be actuated: the caller should apply its fail-safe at once (e.g. raise the alarm and stop the
    /// line, or divert the part) since no one will be at the gate for it.
    /// </returns>
    /// <exception cref="InvalidOperationException">The timing thread stopped on an error; see <see cref="Fault"/>.</exception>
    public bool TryOpen(long partId, long triggerTimestamp, long triggerCount)
    {
        lock (_sync)
        {
            ThrowIfStopped();
            if (_depth == _parts.Length)
            {
                _overflows++;
                return false;
            }

            int slot = Slot(_depth);
            long actionAt = (_options.Mode == RejectQueueMode.Time ? triggerTimestamp : triggerCount) + _reach;
            _parts[slot] = new PartRecord
            {
                PartId = partId,
                TriggerTimestamp = triggerTimestamp,
                TriggerCount = triggerCount,
                State = PartState.WaitingForResult,
                ActionAt = actionAt,
                DecisionAt = actionAt - _margin,
            };
            _hasResult[slot] = false;
            _depth++;
            _opened++;
        }

        _clock.Wake();
        return true;
    }

    /// <summary>Hands in a part's inspection result; allocation-free.</summary>
    /// <param name="partId">The id the part was opened with.</param>
    /// <param name="pass">True when the part passed.</param>
    /// <returns>Whether the result will be actuated, came too late, was a duplicate, or matched no part.</returns>
    public ResultOutcome Deliver(long partId, bool pass)
    {
        lock (_sync)
        {
            ThrowIfStopped();

            // Open parts first, then the history the ring still holds (parts already past their gate).
            for (int i = 0; i < _parts.Length; i++)
            {
                int slot = Slot(i);
                ref PartRecord part = ref _parts[slot];
                if (part.State == PartState.None || part.PartId != partId)
                {
                    continue;
                }

                if (_hasResult[slot])
                {
                    return ResultOutcome.Duplicate;
                }

                _hasResult[slot] = true;
                if (part.State == PartState.WaitingForResult)
                {
                    part.State = PartState.Scheduled;
                    part.Pass = pass;
                    part.Actuate = !pass || _pass is not null;
                    _delivered++;
                    return ResultOutcome.Scheduled;
                }

                // It failed safe (possibly already at the gate): counted, never actuated.
                if (part.State == PartState.FailedSafe)
                {
                    part.State = PartState.LateResult;
                }

                _lateResults++;
                return ResultOutcome.Late;
            }

            _unknownResults++;
            return ResultOutcome.Unknown;
        }
    }

    /// <summary>Gets a copy of the record of an open or recently finished part.</summary>
    /// <param name="partId">The id the part was opened with.</param>
    /// <param name="record">The record, or default when not found.</param>
    /// <returns>True when found.</returns>
    public bool TryGetPart(long partId, out PartRecord record)
    {
        lock (_sync)
        {
            for (int i = 0; i < _parts.Length; i++)
            {
                ref readonly PartRecord part = ref _parts[Slot(i)];
                if (part.State != PartState.None && part.PartId == partId)
                {
                    record = part;
                    return true;
                }
            }
        }

        record = default;
        return false;
    }

    /// <summary>Clears <see cref="LateAlarm"/> (the operator saw it).</summary>
    public void AcknowledgeLateAlarm() => Volatile.Write(ref _lateAlarm, false);

    /// <summary>Gets the counters, depth and timing error percentiles; allocation-free (one reader at a time sorts).</summary>
    public RejectQueueStatistics GetStatistics()
    {
        lock (_readerSync)
        {
            RejectQueueStatistics counts;
            int samples;
            lock (_sync)
            {
                samples = _samples.CopyTo(_readerScratch);
                counts = new RejectQueueStatistics(
                    _opened, _overflows, _delivered, _actuatedRejects, _actuatedPasses, _failSafes, _lateResults, _unknownResults, _depth, samples, 0, 0, 0);
            }

            (long p50, long p99, long max) = TimingErrorSamples.SortAndRank(_readerScratch.AsSpan(0, samples));
            double scale = _options.Mode == RejectQueueMode.Time ? 1e6 / _clock.Frequency : 1;
            return counts with { TimingErrorP50 = p50 * scale, TimingErrorP99 = p99 * scale, TimingErrorMax = max * scale };
        }
    }

    /// <summary>Stops the timing thread (parts still open are dropped, not actuated) and leaves the outputs in their safe state.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_sync)
        {
            _stopping = true;
        }

        _clock.Wake();
        _thread.Join();
        _reject.GoSafe();
        _pass?.GoSafe();
    }

    private static long ToTicks(TimeSpan span, long frequency) =>
        (long)Math.Round(span.Ticks * (double)frequency / TimeSpan.TicksPerSecond);

    /// <summary>The ring slot of the i-th part from the oldest open one.</summary>
    private int Slot(int i)
    {
        int slot = _head + i;
        return slot >= _parts.Length ? slot - _parts.Length : slot;
    }

    private void ThrowIfStopped()
    {
        if (_fault is not null)
        {
            throw new InvalidOperationException($"The reject queue of '{_reject.Name}' stopped on an error.", _fault);
        }

        ObjectDisposedException.ThrowIf(_stopping, this);
    }
}
