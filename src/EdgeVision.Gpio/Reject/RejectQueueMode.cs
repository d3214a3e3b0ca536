namespace EdgeVision.Gpio.Reject;

/// <summary>How a <see cref="RejectQueue"/> finds the moment a part reaches its gate.</summary>
public enum RejectQueueMode
{
    /// <summary>At the trigger timestamp plus a fixed delay (constant belt speed).</summary>
    Time,

    /// <summary>At the encoder count of the trigger plus a fixed distance in counts (any belt speed).</summary>
    Encoder,
}

/// <summary>What a <see cref="RejectQueue"/> does for a part whose result is not there by its decision deadline.</summary>
public enum FailSafeAction
{
    /// <summary>Pulse the reject output (the default: an unjudged part is never passed).</summary>
    Reject,

    /// <summary>Pulse the pass output, if there is one.</summary>
    Pass,

    /// <summary>Do nothing at the gate.</summary>
    None,
}

/// <summary>What became of a result handed to <see cref="RejectQueue.Deliver"/>.</summary>
public enum ResultOutcome
{
    /// <summary>The result arrived in time; its action will run at the part's deadline.</summary>
    Scheduled,

    /// <summary>The decision deadline had passed and the fail-safe was applied; the result is counted and never actuated.</summary>
    Late,

    /// <summary>The part already had a result; this one is ignored.</summary>
    Duplicate,

    /// <summary>No part with this id is open or remembered (never opened, refused on overflow, or long gone); ignored and counted.</summary>
    Unknown,
}
