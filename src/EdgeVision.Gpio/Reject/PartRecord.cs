namespace EdgeVision.Gpio.Reject;

/// <summary>One part between its trigger and its gate: a slot of the <see cref="RejectQueue"/>'s preallocated ring.</summary>
/// <remarks>
/// Positions of the deadlines are on the queue's axis: timestamps of its <see cref="IDeadlineClock"/> in
/// <see cref="RejectQueueMode.Time"/> mode, encoder counts in <see cref="RejectQueueMode.Encoder"/> mode.
/// </remarks>
public struct PartRecord
{
    /// <summary>Gets the part id given on the trigger.</summary>
    public long PartId { get; internal set; }

    /// <summary>Gets the trigger timestamp, in ticks of the queue's <see cref="IDeadlineClock"/>.</summary>
    public long TriggerTimestamp { get; internal set; }

    /// <summary>Gets the encoder count at the trigger.</summary>
    public long TriggerCount { get; internal set; }

    /// <summary>Gets where the part is in its life.</summary>
    public PartState State { get; internal set; }

    /// <summary>Gets whether the result (or the fail-safe) says the part passed.</summary>
    public bool Pass { get; internal set; }

    /// <summary>Gets whether the fail-safe decided the action.</summary>
    public bool FailedSafe { get; internal set; }

    /// <summary>Gets when the action runs, on the queue's axis.</summary>
    public long ActionAt { get; internal set; }

    /// <summary>Gets by when the result must be there, on the queue's axis.</summary>
    public long DecisionAt { get; internal set; }

    /// <summary>Gets whether an action (a pulse on some output) is to run at <see cref="ActionAt"/>.</summary>
    internal bool Actuate { get; set; }
}
