namespace EdgeVision.Gpio.Reject;

/// <summary>Where a part is in its life in the <see cref="RejectQueue"/>.</summary>
public enum PartState
{
    /// <summary>Slot unused.</summary>
    None,

    /// <summary>Opened on its trigger; no result yet.</summary>
    WaitingForResult,

    /// <summary>Its result arrived in time; the action waits for its deadline.</summary>
    Scheduled,

    /// <summary>No result by the decision deadline: the fail-safe action waits for the deadline.</summary>
    FailedSafe,

    /// <summary>Failed safe, and its result arrived afterwards (counted, never actuated).</summary>
    LateResult,

    /// <summary>Its action ran at the gate (or there was none to run); the record is history.</summary>
    Done,
}
