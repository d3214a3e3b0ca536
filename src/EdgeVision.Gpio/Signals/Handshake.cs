using EdgeVision.Gpio.Lines;

namespace EdgeVision.Gpio.Signals;

/// <summary>
/// The signal handshake with a PLC or robot: <c>ready</c> while triggers are accepted, <c>busy</c> from a trigger to its
/// result, and per result the <c>pass</c> level set to the verdict followed by a <c>result-valid</c> pulse.
/// </summary>
/// <remarks>
/// <para>Timing (see docs/GPIO-HANDSHAKE.md), for one part:</para>
/// <code>
/// trigger       ___/‾‾\_______________________________________
/// ready         ‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾ (enabled, not overloaded)
/// busy          ___/‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾‾\_______
/// pass          xxxxxxxxxxxxxxxxx&lt;====== verdict ==========&gt;xxx
/// result-valid  _____________________________/‾‾‾‾‾‾‾‾‾‾\_______
///                  ^trigger      ^result     |&lt;-width-&gt;|
///                                |&lt;-setup--&gt;|
/// </code>
/// <para>
/// <c>pass</c> is written when the result is published; <c>result-valid</c> rises <see cref="HandshakeOptions.SetupTime"/>
/// later and stays high <see cref="HandshakeOptions.ResultValidWidth"/>; <c>pass</c> does not change while it is high.
/// <c>busy</c> falls when the last part in flight has had its pulse. Results of several parts in flight are pulsed one after
/// the other, in the order they were published. <c>ready</c> is high while enabled, not overloaded and fewer than
/// <see cref="HandshakeOptions.MaxPartsInFlight"/> parts are in flight. Pulses are timed by a timer of the
/// <see cref="TimeProvider"/>. All members are thread-safe; steady-state calls allocate nothing.
/// </para>
/// </remarks>
public sealed class Handshake : IDisposable
{
    private readonly Lock _lock = new();
    private readonly OutputLine _ready;
    private readonly OutputLine _busy;
    private readonly OutputLine _pass;
    private readonly OutputLine _resultValid;
    private readonly HandshakeOptions _options;
    private readonly ITimer _timer;
    private readonly bool[] _verdicts;
    private int _head;
    private int _queued;
    private int _inFlight;
    private Phase _phase;
    private bool _enabled = true;
    private bool _overloaded;
    private long _missedTriggers;
    private long _unexpectedResults;
    private bool _disposed;

    /// <summary>Creates the handshake over its four outputs and drives ready (enabled by default), busy and result-valid.</summary>
    /// <param name="ready">The <c>ready</c> output.</param>
    /// <param name="busy">The <c>busy</c> output.</param>
    /// <param name="pass">The <c>pass</c> output, used as a level.</param>
    /// <param name="resultValid">The <c>result-valid</c> output.</param>
    /// <param name="options">Pulse width, setup time and parts in flight.</param>
    /// <param name="time">The clock of the pulse timer.</param>
    public Handshake(OutputLine ready, OutputLine busy, OutputLine pass, OutputLine resultValid, HandshakeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ready);
        ArgumentNullException.ThrowIfNull(busy);
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(resultValid);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ResultValidWidth, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SetupTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPartsInFlight, 1);
        _ready = ready;
        _busy = busy;
        _pass = pass;
        _resultValid = resultValid;
        _options = options;
        _verdicts = new bool[options.MaxPartsInFlight];
        _timer = time.CreateTimer(static s => ((Handshake)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _resultValid.SetActive(false);
            _busy.SetActive(false);
            UpdateReady();
        }
    }

    private enum Phase
    {
        Idle,
        Setup,
        Valid,
    }

    /// <summary>Gets whether triggers are accepted now.</summary>
    public bool IsReady
    {
        get
        {
            lock (_lock)
            {
                return Ready();
            }
        }
    }

    /// <summary>Gets how many parts were triggered and have not had their result pulse yet.</summary>
    public int PartsInFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets how many triggers came while not ready and were refused.</summary>
    public long MissedTriggers => Interlocked.Read(ref _missedTriggers);

    /// <summary>Gets how many results came with no part waiting for one and were ignored.</summary>
    public long UnexpectedResults => Interlocked.Read(ref _unexpectedResults);

    /// <summary>Creates the handshake over the configured <c>ready</c>, <c>busy</c>, <c>pass</c> and <c>result-valid</c> outputs.</summary>
    /// <param name="lines">The opened lines; all four outputs must be configured.</param>
    /// <param name="options">Pulse width, setup time and parts in flight.</param>
    /// <param name="time">The clock of the pulse timer.</param>
    public static Handshake Over(GpioLines lines, HandshakeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new Handshake(
            lines.Output(WellKnownLines.Ready),
            lines.Output(WellKnownLines.Busy),
            lines.Output(WellKnownLines.Pass),
            lines.Output(WellKnownLines.ResultValid),
            options,
            time);
    }

    /// <summary>Enables or disables inspection (the <c>enable</c> input, an operator); disabled drops <c>ready</c>.</summary>
    /// <param name="enabled">True to accept triggers.</param>
    public void SetEnabled(bool enabled)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _enabled = enabled;
            UpdateReady();
        }
    }

    /// <summary>Marks the station overloaded (backlog over its limit) or not; overloaded drops <c>ready</c>.</summary>
    /// <param name="overloaded">True while overloaded.</param>
    public void SetOverloaded(bool overloaded)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _overloaded = overloaded;
            UpdateReady();
        }
    }

    /// <summary>Accepts a trigger when ready: a part is in flight and <c>busy</c> rises.</summary>
    /// <returns>False (and counted as missed) when not ready.</returns>
    public bool Trigger()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!Ready())
            {
                _missedTriggers++;
                return false;
            }

            _inFlight++;
            _busy.SetActive(true);
            UpdateReady();
            return true;
        }
    }

    /// <summary>Publishes the verdict of the oldest part waiting for one: <c>pass</c>, then the <c>result-valid</c> pulse.</summary>
    /// <param name="pass">Whether the part passed.</param>
    /// <returns>False (and counted) when no part waits for a result.</returns>
    public bool Result(bool pass)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int awaiting = _inFlight - _queued - (_phase == Phase.Idle ? 0 : 1);
            if (awaiting <= 0)
            {
                _unexpectedResults++;
                return false;
            }

            _verdicts[(_head + _queued) % _verdicts.Length] = pass;
            _queued++;
            if (_phase == Phase.Idle)
            {
                StartNext();
            }

            return true;
        }
    }

    /// <summary>Stops the pulse timer; the lines keep their state (their owner puts them safe).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private bool Ready() => _enabled && !_overloaded && _inFlight < _verdicts.Length;

    private void UpdateReady() => _ready.SetActive(Ready());

    /// <summary>Sets <c>pass</c> to the next verdict and starts the setup time; caller holds the lock.</summary>
    private void StartNext()
    {
        bool verdict = _verdicts[_head];
        _head = (_head + 1) % _verdicts.Length;
        _queued--;
        _pass.SetActive(verdict);
        _phase = Phase.Setup;
        _timer.Change(_options.SetupTime, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_phase == Phase.Setup)
            {
                _resultValid.SetActive(true);
                _phase = Phase.Valid;
                _timer.Change(_options.ResultValidWidth, Timeout.InfiniteTimeSpan);
            }
            else if (_phase == Phase.Valid)
            {
                _resultValid.SetActive(false);
                _inFlight--;
                _busy.SetActive(_inFlight > 0);
                UpdateReady();
                if (_queued > 0)
                {
                    StartNext();
                }
                else
                {
                    _phase = Phase.Idle;
                }
            }
        }
    }
}
