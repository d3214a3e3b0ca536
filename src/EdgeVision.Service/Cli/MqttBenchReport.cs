using System.Globalization;

namespace EdgeVision.Service.Cli;

/// <summary>What one phase of <c>edgevision bench mqtt</c> measured and checked.</summary>
/// <param name="Name">"sustained" or "drain".</param>
/// <param name="Results">Results offered.</param>
/// <param name="FirstMsgSeq">The msgSeq the phase's first result was expected to get.</param>
/// <param name="How">How the results were offered, for the detail line.</param>
internal sealed record PhaseReport(string Name, int Results, long FirstMsgSeq, string How)
{
    /// <summary>What the observer received of the phase's msgSeq range.</summary>
    public ObservedRange Seen { get; init; }

    /// <summary>Deliveries of a msgSeq already received, during the phase.</summary>
    public long Duplicates { get; init; }

    /// <summary>First deliveries behind a higher msgSeq already received, during the phase.</summary>
    public long OutOfOrder { get; init; }

    /// <summary>Messages that were no result of this run, during the phase.</summary>
    public long Unexpected { get; init; }

    /// <summary>How many of the phase's results must be flagged historical (0 live, all for a backlog).</summary>
    public long ExpectedHistorical { get; init; }

    /// <summary>Results the station dropped (in memory or evicted from the outbox) during the phase.</summary>
    public long Lost { get; init; }

    /// <summary>True when the bench gave up waiting because nothing arrived for a minute.</summary>
    public bool Stalled { get; init; }

    /// <summary>Seconds from the origin (first offer; reconnect for a drain) until the last result was offered; NaN for a drain.</summary>
    public double OfferedSeconds { get; init; } = double.NaN;

    /// <summary>Results the broker had acknowledged when the last was offered (sustained phase).</summary>
    public long AckedWhileOffering { get; init; }

    /// <summary>Seconds from the origin until the broker had acknowledged every result (polled every 10 ms).</summary>
    public double AckedSeconds { get; init; } = double.NaN;

    /// <summary>Seconds from the origin until the observer had received every result.</summary>
    public double LastArrivalSeconds { get; init; } = double.NaN;

    /// <summary>Offer → first arrival, per result, sorted (empty for a drain, whose results waited out an outage).</summary>
    public IReadOnlyList<double> LatencyMs { get; init; } = [];

    /// <summary>Seconds over which the CPU times were taken (sustained: first offer to the end; drain: broker restart to the end).</summary>
    public double CpuWallSeconds { get; init; } = double.NaN;

    /// <summary>CPU time of the bench process (station and observer) over <see cref="CpuWallSeconds"/>.</summary>
    public TimeSpan StationCpu { get; init; }

    /// <summary>CPU time of the broker over <see cref="CpuWallSeconds"/>; null with --broker.</summary>
    public TimeSpan? BrokerCpu { get; init; }

    /// <summary>The outage of a drain phase.</summary>
    public OutageFigures? Outage { get; init; }

    /// <summary>Every result arrived, first deliveries in order, carrying their own numbers, flagged as expected, nothing dropped.</summary>
    public bool Complete => Seen.Missing == 0 && OutOfOrder == 0 && Unexpected == 0 && Seen.SeqMismatches == 0 && Lost == 0 && !Stalled
        && Seen.Historical == ExpectedHistorical;

    /// <summary>Results per second received by the observer, from the origin.</summary>
    public double EndToEndRate => Results / LastArrivalSeconds;

    /// <summary>Results per second acknowledged by the broker, from the origin.</summary>
    public double AckedRate => Results / AckedSeconds;
}

/// <summary>The outage of the drain phase, in seconds: until the station saw it, filling the outbox, restart and reconnect.</summary>
internal sealed record OutageFigures(double DetectSeconds, double AppendSeconds, long OutboxPayloadBytes, double RestartSeconds, double ReconnectSeconds);

/// <summary>Prints the phases as a table, a detail line each, and the checks.</summary>
internal static class MqttBenchReport
{
    public static void Write(TextWriter w, IReadOnlyList<PhaseReport> phases)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine();
        w.WriteLine("phase      results  arrived  missing   dup  out-of-order  historical  acked/s    e2e/s   p50 ms   p99 ms   max ms");
        foreach (var p in phases)
        {
            w.WriteLine(string.Create(c, $"{p.Name,-9} {p.Results,8} {p.Seen.Received,8} {p.Seen.Missing,8} {p.Duplicates,5} {p.OutOfOrder,13} {p.Seen.Historical,11} {Num(p.AckedRate, 8, "F0")} {Num(p.EndToEndRate, 8, "F0")} {Num(Percentile(p.LatencyMs, 0.50), 8, "F1")} {Num(Percentile(p.LatencyMs, 0.99), 8, "F1")} {Num(Percentile(p.LatencyMs, 1), 8, "F1")}"));
        }

        w.WriteLine("acked/s: results the broker acknowledged per second (polled every 10 ms); e2e/s: results the observer received per second (sustained: from the first offer; drain: from the station's reconnect). Latency: offer → arrival at the observer.");
        w.WriteLine();
        foreach (var p in phases)
        {
            w.WriteLine(Detail(p, c));
        }

        foreach (var p in phases)
        {
            w.WriteLine(Check(p, c));
        }
    }

    private static string Detail(PhaseReport p, CultureInfo c)
    {
        var timing = string.Create(c, $"broker acknowledged all after {p.AckedSeconds:F2} s, observer had all after {p.LastArrivalSeconds:F2} s");
        var wall = p.CpuWallSeconds;
        var cpu = string.Create(c, $"CPU over {wall:F1} s: edgevision (station + observer) {p.StationCpu.TotalSeconds:F1} s ({100 * p.StationCpu.TotalSeconds / wall:F0} % of one core)")
            + (p.BrokerCpu is { } broker ? string.Create(c, $", mosquitto {broker.TotalSeconds:F1} s ({100 * broker.TotalSeconds / wall:F0} %)") : "");
        if (p.Outage is { } o)
        {
            return string.Create(c, $"{p.Name}: broker stopped (station disconnected after {o.DetectSeconds:F2} s); {p.Results} results {p.How} in {o.AppendSeconds:F2} s ({p.Results / o.AppendSeconds:F0}/s, {o.OutboxPayloadBytes / 1e6:F1} MB of payload); broker listening again after {o.RestartSeconds:F2} s, station reconnected {o.ReconnectSeconds:F2} s later; from the reconnect, {timing}. {cpu}.");
        }

        // Split at the last offer: while offering, the outbox writer (JSON, SQLite appends) competes with the sender.
        var rest = p.Results - p.AckedWhileOffering;
        var split = rest > 0 && p.AckedSeconds > p.OfferedSeconds && p.OfferedSeconds > 0
            ? string.Create(c, $"{p.AckedWhileOffering} acknowledged while offering ({p.AckedWhileOffering / p.OfferedSeconds:F0}/s), the other {rest} at {rest / (p.AckedSeconds - p.OfferedSeconds):F0}/s")
            : string.Create(c, $"{p.AckedWhileOffering} acknowledged while offering");
        return string.Create(c, $"{p.Name}: {p.Results} results {p.How}, all offered after {p.OfferedSeconds:F2} s; {timing} ({split}). {cpu}.");
    }

    private static string Check(PhaseReport p, CultureInfo c)
    {
        var last = p.FirstMsgSeq + p.Results - 1;
        var flags = p.ExpectedHistorical == 0 ? "none flagged historical" : "all flagged historical";
        if (p.Complete)
        {
            return string.Create(c, $"check {p.Name}: all {p.Results} arrived in order (msgSeq {p.FirstMsgSeq}..{last}), {flags}; {p.Duplicates} duplicate(s).");
        }

        var problems = new List<string>();
        Add(problems, p.Seen.Missing, "missing");
        Add(problems, p.OutOfOrder, "out of order");
        Add(problems, p.Unexpected, "not results of this run");
        Add(problems, p.Seen.SeqMismatches, "carrying another result's seq");
        Add(problems, p.Lost, "dropped by the station");
        if (p.Seen.Historical != p.ExpectedHistorical)
        {
            problems.Add(string.Create(c, $"{p.Seen.Historical} flagged historical where {p.ExpectedHistorical} should be"));
        }

        if (p.Stalled)
        {
            problems.Add("nothing arrived for 60 s, gave up waiting");
        }

        return string.Create(c, $"check {p.Name}: INCOMPLETE (msgSeq {p.FirstMsgSeq}..{last}): {string.Join(", ", problems)}; {p.Duplicates} duplicate(s).");
    }

    private static void Add(List<string> problems, long count, string what)
    {
        if (count != 0)
        {
            problems.Add(count.ToString(CultureInfo.InvariantCulture) + " " + what);
        }
    }

    /// <summary>The nearest-rank percentile of sorted values; NaN when there are none.</summary>
    private static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static string Num(double value, int width, string format)
        => (double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-").PadLeft(width);
}
