using System.Buffers;
using EdgeVision.Inspection.Results;

namespace EdgeVision.Mqtt.Stats;

/// <summary>
/// One camera's production counters and cycle-time statistics for the <c>stats</c> topic. <see cref="Add"/> runs on the
/// pipeline thread and allocates nothing: cycle times go into a fixed ring of the latest <see cref="Window"/> values, from
/// which <see cref="Snapshot"/> computes min, mean, max and p99 on the publishing thread.
/// </summary>
public sealed class CameraCounters
{
    /// <summary>Cycle times kept for the statistics (the latest ones).</summary>
    public const int Window = 4096;

    private readonly Lock _gate = new();
    private readonly double[] _cycles = new double[Window];
    private int _next;
    private int _filled;
    private long _total;
    private long _passed;
    private Verdict? _last;
    private DateTimeOffset _since;

    /// <summary>Starts counting at <paramref name="since"/>.</summary>
    public CameraCounters(string camera, DateTimeOffset since)
    {
        Camera = camera;
        _since = since;
    }

    /// <summary>The camera counted.</summary>
    public string Camera { get; }

    /// <summary>Counts one result; allocation-free.</summary>
    public void Add(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var cycle = result.TotalMilliseconds;
        lock (_gate)
        {
            _total++;
            if (result.Verdict == Verdict.Pass)
            {
                _passed++;
            }

            _last = result.Verdict;
            _cycles[_next] = cycle;
            _next = (_next + 1) % Window;
            _filled = Math.Min(_filled + 1, Window);
        }
    }

    /// <summary>Starts again from zero (the <c>reset-counters</c> command).</summary>
    public void Reset(DateTimeOffset since)
    {
        lock (_gate)
        {
            _total = 0;
            _passed = 0;
            _last = null;
            _next = 0;
            _filled = 0;
            _since = since;
        }
    }

    /// <summary>The counters now, with the cycle-time statistics over the window.</summary>
    public CameraStatsSnapshot Snapshot()
    {
        var buffer = ArrayPool<double>.Shared.Rent(Window);
        try
        {
            long total, passed;
            int n;
            Verdict? last;
            DateTimeOffset since;
            lock (_gate)
            {
                total = _total;
                passed = _passed;
                last = _last;
                since = _since;
                n = _filled;
                Array.Copy(_cycles, buffer, n);
            }

            var cycles = buffer.AsSpan(0, n);
            var cycle = CycleStatistics.Of(cycles);
            return new CameraStatsSnapshot(Camera, since, total, passed, total - passed, last, cycle);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }
}

/// <summary>Cycle-time statistics in milliseconds over the latest results (NaN when there are none).</summary>
public readonly record struct CycleStatistics(int Count, double Min, double Mean, double Max, double P99)
{
    /// <summary>Computes the statistics of <paramref name="values"/>; sorts them in place.</summary>
    public static CycleStatistics Of(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return new CycleStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        values.Sort();
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        // Nearest-rank p99: the smallest value with at least 99 % of the values at or below it.
        var rank = (int)Math.Ceiling(0.99 * values.Length) - 1;
        return new CycleStatistics(values.Length, values[0], sum / values.Length, values[^1], values[Math.Clamp(rank, 0, values.Length - 1)]);
    }
}

/// <summary>One camera's counters at a moment, as published on its <c>stats</c> topic.</summary>
public sealed record CameraStatsSnapshot(string Camera, DateTimeOffset Since, long Total, long Passed, long Failed, Verdict? LastVerdict, CycleStatistics Cycle)
{
    /// <summary>Passed / total, or NaN before the first part.</summary>
    public double Yield => Total > 0 ? (double)Passed / Total : double.NaN;
}
