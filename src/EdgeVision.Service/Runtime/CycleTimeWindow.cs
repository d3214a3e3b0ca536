namespace EdgeVision.Service.Runtime;

/// <summary>A camera's cycle times: how many, their sum, and nearest-rank p50/p99 over the most recent ones.</summary>
/// <param name="Count">Results seen since start.</param>
/// <param name="SumMs">Sum of every result's cycle time, in milliseconds.</param>
/// <param name="Samples">How many recent results the percentiles are over.</param>
/// <param name="P50Ms">Median cycle time of the recent results (0 when there are none).</param>
/// <param name="P99Ms">99th percentile (nearest rank) of the recent results (0 when there are none).</param>
public readonly record struct CycleTimeSummary(long Count, double SumMs, int Samples, double P50Ms, double P99Ms);

/// <summary>
/// Keeps the cycle time (a result's total pipeline time) of the last <see cref="Capacity"/> results of one camera in a
/// ring allocated once, plus a running count and sum. Not thread-safe: the owner (<see cref="LiveView"/>) locks.
/// </summary>
public sealed class CycleTimeWindow
{
    /// <summary>How many recent results the percentiles are over.</summary>
    public const int Capacity = 1024;

    private readonly double[] _ring = new double[Capacity];
    private long _count;
    private double _sumMs;

    /// <summary>Adds one result's cycle time; allocation-free.</summary>
    public void Add(double milliseconds)
    {
        _ring[(int)(_count % Capacity)] = milliseconds;
        _count++;
        _sumMs += milliseconds;
    }

    /// <summary>The count, sum and the percentiles of the recent results (sorts a copy; for status requests).</summary>
    public CycleTimeSummary Summarize()
    {
        var n = (int)Math.Min(_count, Capacity);
        if (n == 0)
        {
            return default;
        }

        var sorted = _ring[..n];
        Array.Sort(sorted);
        return new CycleTimeSummary(_count, _sumMs, n, NearestRank(sorted, 0.5), NearestRank(sorted, 0.99));
    }

    private static double NearestRank(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
