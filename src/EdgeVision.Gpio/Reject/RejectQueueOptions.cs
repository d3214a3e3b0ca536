namespace EdgeVision.Gpio.Reject;

/// <summary>How a <see cref="RejectQueue"/> times its actions: mode, delay or distance, decision margin, fail-safe, pulse width, capacity.</summary>
public sealed record RejectQueueOptions
{
    /// <summary>Gets whether deadlines are timestamps or encoder counts.</summary>
    public RejectQueueMode Mode { get; init; } = RejectQueueMode.Time;

    /// <summary>Gets how many parts may be open at once (between trigger and gate); more are refused.</summary>
    public int Capacity { get; init; } = 64;

    /// <summary>Gets the time from trigger to gate in <see cref="RejectQueueMode.Time"/> mode.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets the counts from trigger to gate in <see cref="RejectQueueMode.Encoder"/> mode.</summary>
    public long DistanceCounts { get; init; }

    /// <summary>Gets how long before its action a part's result must be there (time mode).</summary>
    public TimeSpan DecisionMargin { get; init; }

    /// <summary>Gets how many counts before its action a part's result must be there (encoder mode).</summary>
    public long DecisionMarginCounts { get; init; }

    /// <summary>Gets what happens to a part without a result at its decision deadline.</summary>
    public FailSafeAction FailSafe { get; init; } = FailSafeAction.Reject;

    /// <summary>Gets how long an output stays active per action.</summary>
    public TimeSpan PulseWidth { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets how often the timing thread reads the position source in encoder mode while parts are open.</summary>
    public TimeSpan EncoderPollInterval { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Throws when a value is out of range for the mode.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PulseWidth, TimeSpan.Zero, nameof(PulseWidth));
        if (Mode == RejectQueueMode.Time)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(Delay, TimeSpan.Zero, nameof(Delay));
            ArgumentOutOfRangeException.ThrowIfLessThan(DecisionMargin, TimeSpan.Zero, nameof(DecisionMargin));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(DecisionMargin, Delay, nameof(DecisionMargin));
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfNegative(DistanceCounts, nameof(DistanceCounts));
            ArgumentOutOfRangeException.ThrowIfNegative(DecisionMarginCounts, nameof(DecisionMarginCounts));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(DecisionMarginCounts, DistanceCounts, nameof(DecisionMarginCounts));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(EncoderPollInterval, TimeSpan.Zero, nameof(EncoderPollInterval));
        }
    }
}
