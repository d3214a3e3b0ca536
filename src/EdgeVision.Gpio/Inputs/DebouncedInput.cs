namespace EdgeVision.Gpio.Inputs;

/// <summary>
/// An input whose edges count only once the line has stayed at its new level for the debounce time (state-based
/// debounce); an accepted edge carries the timestamp of its first transition, and contact bounce is counted, not passed on.
/// </summary>
/// <remarks>
/// <para>
/// How an edge is decided: the first raw edge away from the stable level opens a candidate (level and first timestamp);
/// every further raw edge changes the candidate's level and restarts its quiet window. The candidate is decided once
/// <c>debounce</c> has passed since its last raw edge: if the line ended at a new level, one edge is accepted with the
/// first transition's timestamp and the other raw edges count as rejected; if it came back to the stable level (a glitch),
/// all its raw edges count as rejected.
/// </para>
/// <para>
/// When the decision is made: at the next raw edge (if the window had already passed by its timestamp), at
/// <see cref="Settle"/> (polling), or, when a time provider is given, by a one-shot timer armed at each raw edge. Decisions
/// compare edge timestamps, not the time the code runs, so they are exact whichever of the three makes them; the timer only
/// decides how soon an accepted edge is delivered. The time provider must be the clock the edge timestamps come from.
/// </para>
/// <para>Accepted edges of the polarity wanted go to the handler, outside the lock, on the thread that decided them.</para>
/// </remarks>
public sealed class DebouncedInput : IEdgeSource, IEdgeHandler
{
    private readonly IEdgeSource _source;
    private readonly EdgePolarity _polarity;
    private readonly long _debounceNs;
    private readonly TimeProvider? _time;
    private readonly ITimer? _timer;
    private readonly Lock _lock = new();
    private IEdgeHandler? _handler;
    private bool _stable;
    private bool _pending;
    private bool _pendingLevel;
    private long _firstNs;
    private long _lastNs;
    private int _pendingRaw;
    private long _accepted;
    private long _rejected;
    private long _ignored;

    /// <summary>Wraps an edge source, which it then owns.</summary>
    /// <param name="source">The raw edges; disposed with this input.</param>
    /// <param name="polarity">Which accepted edges are delivered.</param>
    /// <param name="debounce">How long the line must stay at its new level (resolution 100 ns; zero accepts every edge at once).</param>
    /// <param name="timeProvider">The clock of the edge timestamps, to decide each candidate at the end of its window; null to decide only at the next edge or at <see cref="Settle"/>.</param>
    public DebouncedInput(IEdgeSource source, EdgePolarity polarity, TimeSpan debounce, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(debounce, TimeSpan.Zero);
        if (polarity is not (EdgePolarity.Rising or EdgePolarity.Falling or EdgePolarity.Both))
        {
            throw new ArgumentOutOfRangeException(nameof(polarity), polarity, "Rising, Falling or Both.");
        }

        _source = source;
        _polarity = polarity;
        _debounceNs = debounce.Ticks * 100;
        _time = timeProvider;
        _timer = timeProvider?.CreateTimer(static state => ((DebouncedInput)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public int Offset => _source.Offset;

    /// <summary>Gets the debounce time.</summary>
    public TimeSpan Debounce => TimeSpan.FromTicks(_debounceNs / 100);

    /// <summary>Gets how many edges were accepted and delivered.</summary>
    public long AcceptedEdges => Interlocked.Read(ref _accepted);

    /// <summary>Gets how many raw edges were rejected as bounce or glitch.</summary>
    public long RejectedEdges => Interlocked.Read(ref _rejected);

    /// <summary>Gets how many accepted edges were not delivered because of their polarity.</summary>
    public long IgnoredEdges => Interlocked.Read(ref _ignored);

    /// <summary>Returns the debounced level (true for High): the level of the last accepted edge of either polarity.</summary>
    public bool ReadLevel()
    {
        lock (_lock)
        {
            return _stable;
        }
    }

    /// <inheritdoc/>
    public void Start(IEdgeHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            if (_handler is not null)
            {
                throw new InvalidOperationException($"The debounced input of pin {Offset} is already started.");
            }

            _handler = handler;
            _stable = _source.ReadLevel();
        }

        _source.Start(this);
    }

    /// <summary>Decides a pending candidate whose window has passed by <paramref name="nowNs"/>; for polling.</summary>
    /// <param name="nowNs">The current time on the clock of the edge timestamps, in nanoseconds.</param>
    /// <returns>True when an edge was accepted and delivered.</returns>
    public bool Settle(long nowNs)
    {
        EdgeEvent? decided;
        lock (_lock)
        {
            decided = _pending && nowNs - _lastNs >= _debounceNs ? DecideLocked() : null;
        }

        return Deliver(decided);
    }

    /// <inheritdoc/>
    void IEdgeHandler.OnEdge(in EdgeEvent edge)
    {
        EdgeEvent? decided = null;
        lock (_lock)
        {
            if (_pending && edge.TimestampNs - _lastNs >= _debounceNs)
            {
                decided = DecideLocked();
            }

            if (_pending)
            {
                _pendingLevel = edge.IsRising;
                _lastNs = edge.TimestampNs;
                _pendingRaw++;
            }
            else if (edge.IsRising != _stable)
            {
                _pending = true;
                _pendingLevel = edge.IsRising;
                _firstNs = edge.TimestampNs;
                _lastNs = edge.TimestampNs;
                _pendingRaw = 1;
            }
            else
            {
                // An edge to the level the line already has: one edge was missed; it cannot be a new state.
                Interlocked.Increment(ref _rejected);
            }

            if (_pending && _debounceNs == 0)
            {
                // Nothing to wait for: the edge is its own decision. Only one can be delivered per call.
                decided ??= DecideLocked();
            }
            else if (_pending)
            {
                _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
        }

        Deliver(decided);
    }

    /// <summary>Stops the timer and disposes the wrapped source.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }

    private void OnTimer()
    {
        long now = EdgeClock.NowNanoseconds(_time!);
        if (!Settle(now))
        {
            lock (_lock)
            {
                if (_pending)
                {
                    // Woken early (clock granularity): wait for the rest of the window.
                    long remainingNs = Math.Max(_debounceNs - (now - _lastNs), 100);
                    _timer!.Change(TimeSpan.FromTicks((remainingNs + 99) / 100), Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    /// <summary>Closes the pending candidate; caller holds the lock. Returns the edge to deliver, if any.</summary>
    private EdgeEvent? DecideLocked()
    {
        _pending = false;
        if (_pendingLevel == _stable)
        {
            Interlocked.Add(ref _rejected, _pendingRaw);
            return null;
        }

        _stable = _pendingLevel;
        Interlocked.Add(ref _rejected, _pendingRaw - 1);
        EdgePolarity polarity = _stable ? EdgePolarity.Rising : EdgePolarity.Falling;
        if ((_polarity & polarity) == 0)
        {
            Interlocked.Increment(ref _ignored);
            return null;
        }

        Interlocked.Increment(ref _accepted);
        return new EdgeEvent(_source.Offset, _stable, _firstNs);
    }

    private bool Deliver(EdgeEvent? decided)
    {
        if (decided is { } edge)
        {
            _handler?.OnEdge(edge);
            return true;
        }

        return false;
    }
}
