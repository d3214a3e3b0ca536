using EdgeVision.Gpio.Lines;

namespace EdgeVision.Gpio.Signals;

/// <summary>
/// Drives the red, yellow and green lamps of a tower light and the <c>alarm</c> output from the station's conditions:
/// red for alarms, yellow for warnings, green while running normally, one lamp at a time, steady or blinking.
/// </summary>
/// <remarks>
/// Alarms latch until <see cref="Reset"/>; warnings follow <see cref="SetCondition"/>. The <c>alarm</c> output is active,
/// steadily, whenever red is shown (blinking or not), so a PLC or horn sees one clean level. Blinking runs from a timer of
/// the <see cref="TimeProvider"/> that toggles the shown lamp every half <see cref="TowerLightOptions.BlinkPeriod"/>, and
/// stops when nothing blinks. All members are thread-safe; <see cref="PartJudged"/> allocates nothing.
/// Missing lamps (null) are simply not driven.
/// </remarks>
public sealed class TowerLight : IDisposable
{
    private readonly Lock _lock = new();
    private readonly OutputLine? _red;
    private readonly OutputLine? _yellow;
    private readonly OutputLine? _green;
    private readonly OutputLine? _alarm;
    private readonly TowerLightOptions _options;
    private readonly ITimer _blinkTimer;
    private readonly TimeSpan _halfPeriod;
    private TowerCondition _conditions;
    private int _rejectsInRow;
    private bool _blinking;
    private TowerLamp _shown;
    private bool _phaseOn = true;
    private bool _disposed;

    /// <summary>Creates the tower light over its lamps (each optional) with all lamps off.</summary>
    /// <param name="red">The red lamp.</param>
    /// <param name="yellow">The yellow lamp.</param>
    /// <param name="green">The green lamp.</param>
    /// <param name="alarm">The alarm output that mirrors red.</param>
    /// <param name="options">Blink period, reject limit and blinking conditions.</param>
    /// <param name="time">The clock of the blink timer.</param>
    public TowerLight(OutputLine? red, OutputLine? yellow, OutputLine? green, OutputLine? alarm, TowerLightOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BlinkPeriod, TimeSpan.FromMilliseconds(2));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConsecutiveRejects);
        _red = red;
        _yellow = yellow;
        _green = green;
        _alarm = alarm;
        _options = options;
        _halfPeriod = options.BlinkPeriod / 2;
        _blinkTimer = time.CreateTimer(static s => ((TowerLight)s!).OnBlink(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            Apply();
        }
    }

    /// <summary>Creates the tower light over the <c>red</c>, <c>yellow</c>, <c>green</c> and <c>alarm</c> outputs that are configured.</summary>
    /// <param name="lines">The opened lines.</param>
    /// <param name="options">Blink period, reject limit and blinking conditions.</param>
    /// <param name="time">The clock of the blink timer.</param>
    public static TowerLight Over(GpioLines lines, TowerLightOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new TowerLight(
            lines.FindOutput(WellKnownLines.Red),
            lines.FindOutput(WellKnownLines.Yellow),
            lines.FindOutput(WellKnownLines.Green),
            lines.FindOutput(WellKnownLines.Alarm),
            options,
            time);
    }

    /// <summary>Gets the conditions that are on.</summary>
    public TowerCondition Conditions
    {
        get
        {
            lock (_lock)
            {
                return _conditions;
            }
        }
    }

    /// <summary>Gets the lamp shown now (whether it is lit or in the off half of a blink).</summary>
    public TowerLamp Lamp
    {
        get
        {
            lock (_lock)
            {
                return Shown(_conditions);
            }
        }
    }

    /// <summary>Gets whether the shown lamp blinks.</summary>
    public bool IsBlinking
    {
        get
        {
            lock (_lock)
            {
                return _blinking;
            }
        }
    }

    /// <summary>Gets how many parts in a row were rejected.</summary>
    public int RejectsInRow => Volatile.Read(ref _rejectsInRow);

    /// <summary>Turns one condition (or several, as flags) on or off.</summary>
    /// <param name="flag">The condition(s).</param>
    /// <param name="on">True to turn on.</param>
    public void SetCondition(TowerCondition flag, bool on)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _conditions = on ? _conditions | flag : _conditions & ~flag;
            Apply();
        }
    }

    /// <summary>Counts a judged part: a reject extends the run, a pass ends it; reaching the limit raises the alarm.</summary>
    /// <param name="pass">Whether the part passed.</param>
    public void PartJudged(bool pass)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _rejectsInRow = pass ? 0 : _rejectsInRow + 1;
            if (!pass && _options.ConsecutiveRejects > 0 && _rejectsInRow >= _options.ConsecutiveRejects
                && (_conditions & TowerCondition.ConsecutiveRejects) == 0)
            {
                _conditions |= TowerCondition.ConsecutiveRejects;
                Apply();
            }
        }
    }

    /// <summary>Clears the latched alarms and the reject run; warnings and running stay as they are.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _rejectsInRow = 0;
            _conditions &= ~TowerCondition.Alarms;
            Apply();
        }
    }

    /// <summary>Stops blinking; the lamps keep their state (their owner puts them safe).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _blinkTimer.Dispose();
    }

    private static TowerLamp Shown(TowerCondition c) =>
        (c & TowerCondition.Alarms) != 0 ? TowerLamp.Red
        : (c & TowerCondition.Warnings) != 0 ? TowerLamp.Yellow
        : (c & TowerCondition.Running) != 0 ? TowerLamp.Green
        : TowerLamp.Off;

    private static TowerCondition ConditionsOf(TowerLamp lamp) => lamp switch
    {
        TowerLamp.Red => TowerCondition.Alarms,
        TowerLamp.Yellow => TowerCondition.Warnings,
        TowerLamp.Green => TowerCondition.Running,
        _ => TowerCondition.None,
    };

    private void OnBlink()
    {
        lock (_lock)
        {
            if (_disposed || !_blinking)
            {
                return;
            }

            _phaseOn = !_phaseOn;
            Write();
        }
    }

    /// <summary>Recomputes the lamps after a change of conditions; caller holds the lock.</summary>
    private void Apply()
    {
        TowerLamp lamp = Shown(_conditions);
        bool blinking = (_conditions & ConditionsOf(lamp) & _options.Blinking) != 0;
        if (blinking != _blinking || (blinking && lamp != _shown))
        {
            // A lamp that starts blinking (or a new lamp that blinks) starts lit and toggles a half period later.
            _blinking = blinking;
            _phaseOn = true;
            _blinkTimer.Change(blinking ? _halfPeriod : Timeout.InfiniteTimeSpan, blinking ? _halfPeriod : Timeout.InfiniteTimeSpan);
        }

        _shown = lamp;

        Write();
    }

    private void Write()
    {
        TowerLamp lamp = Shown(_conditions);
        bool lit = !_blinking || _phaseOn;
        _red?.SetActive(lamp == TowerLamp.Red && lit);
        _yellow?.SetActive(lamp == TowerLamp.Yellow && lit);
        _green?.SetActive(lamp == TowerLamp.Green && lit);
        _alarm?.SetActive(lamp == TowerLamp.Red);
    }
}
