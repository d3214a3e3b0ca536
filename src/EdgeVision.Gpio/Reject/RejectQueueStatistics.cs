namespace EdgeVision.Gpio.Reject;

/// <summary>A snapshot of a <see cref="RejectQueue"/>'s counters and timing error.</summary>
/// <param name="Opened">Parts accepted on a trigger.</param>
/// <param name="Overflows">Parts refused because the queue was full.</param>
/// <param name="Delivered">Results matched to a part in time.</param>
/// <param name="ActuatedRejects">Reject actions run at the gate (fail-safe ones included).</param>
/// <param name="ActuatedPasses">Pass actions run at the gate (fail-safe ones included).</param>
/// <param name="FailSafes">Parts whose result was not there by the decision deadline.</param>
/// <param name="LateResults">Results that arrived after their part failed safe (never actuated).</param>
/// <param name="UnknownResults">Results for no known part.</param>
/// <param name="Depth">Parts open now (triggered, gate not reached).</param>
/// <param name="TimingSamples">How many actions the timing error figures are over (the most recent, up to the sample capacity).</param>
/// <param name="TimingErrorP50">Median of actual − scheduled action: microseconds in time mode, counts in encoder mode.</param>
/// <param name="TimingErrorP99">99th percentile (nearest rank) of actual − scheduled, same unit.</param>
/// <param name="TimingErrorMax">Largest actual − scheduled, same unit.</param>
public readonly record struct RejectQueueStatistics(
    long Opened,
    long Overflows,
    long Delivered,
    long ActuatedRejects,
    long ActuatedPasses,
    long FailSafes,
    long LateResults,
    long UnknownResults,
    int Depth,
    int TimingSamples,
    double TimingErrorP50,
    double TimingErrorP99,
    double TimingErrorMax);
