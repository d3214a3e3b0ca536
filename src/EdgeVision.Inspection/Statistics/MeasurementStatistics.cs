using EdgeVision.Inspection.Results;

namespace EdgeVision.Inspection.Statistics;

/// <summary>
/// Running statistics of one measurement over many parts: count, mean, standard deviation (sample), min, max, and the
/// process capability index Cpk against its tolerance. Uses Welford's update, so long runs stay accurate.
/// </summary>
public sealed class MeasurementStatistics
{
    private double _mean;
    private double _m2;

    /// <summary>Starts statistics of measurement <paramref name="name"/>.</summary>
    public MeasurementStatistics(string name, string unit, double lower, double upper)
    {
        Name = name;
        Unit = unit;
        Lower = lower;
        Upper = upper;
    }

    /// <summary>Measurement name (<c>tool.output</c>).</summary>
    public string Name { get; }

    /// <summary>Unit of the values.</summary>
    public string Unit { get; }

    /// <summary>Lower specification limit (−∞ when open).</summary>
    public double Lower { get; }

    /// <summary>Upper specification limit (+∞ when open).</summary>
    public double Upper { get; }

    /// <summary>Values added.</summary>
    public int Count { get; private set; }

    /// <summary>Values out of tolerance.</summary>
    public int Failed { get; private set; }

    /// <summary>Times the measurement was reported without a value (the tool found nothing).</summary>
    public int Missing { get; private set; }

    /// <summary>Mean of the values.</summary>
    public double Mean => Count > 0 ? _mean : double.NaN;

    /// <summary>Sample standard deviation (NaN below two values).</summary>
    public double StdDev => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : double.NaN;

    /// <summary>Smallest value.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest value.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// Cpk = min(USL − mean, mean − LSL) / 3σ over the finite limits; NaN with fewer than two values, no finite limit,
    /// or no spread.
    /// </summary>
    public double Cpk
    {
        get
        {
            var sigma = StdDev;
            if (double.IsNaN(sigma) || sigma <= 0 || (!double.IsFinite(Lower) && !double.IsFinite(Upper)))
            {
                return double.NaN;
            }

            var upper = double.IsFinite(Upper) ? (Upper - Mean) / (3 * sigma) : double.PositiveInfinity;
            var lower = double.IsFinite(Lower) ? (Mean - Lower) / (3 * sigma) : double.PositiveInfinity;
            return Math.Min(upper, lower);
        }
    }

    /// <summary>Adds one reported measurement.</summary>
    public void Add(MeasurementResult m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (!double.IsFinite(m.Value))
        {
            Missing++;
            return;
        }

        Add(m.Value, m.Pass);
    }

    /// <summary>Adds one value.</summary>
    public void Add(double value, bool pass)
    {
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _m2 += delta * (value - _mean);
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (!pass)
        {
            Failed++;
        }
    }
}

/// <summary>Statistics of a whole replay or production run: verdict counts, reasons, and every measurement's statistics.</summary>
public sealed class RunStatistics
{
    private readonly Dictionary<string, MeasurementStatistics> _byName = new(StringComparer.Ordinal);
    private readonly List<MeasurementStatistics> _ordered = [];
    private readonly Dictionary<string, int> _reasons = new(StringComparer.Ordinal);

    /// <summary>Parts inspected.</summary>
    public int Parts { get; private set; }

    /// <summary>Parts that passed.</summary>
    public int Passed { get; private set; }

    /// <summary>Parts that failed.</summary>
    public int Failed => Parts - Passed;

    /// <summary>Each measurement's statistics, in first-seen order.</summary>
    public IReadOnlyList<MeasurementStatistics> Measurements => _ordered;

    /// <summary>How many parts failed for each reason.</summary>
    public IReadOnlyDictionary<string, int> Reasons => _reasons;

    /// <summary>Adds one result.</summary>
    public void Add(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Parts++;
        if (result.Verdict == Verdict.Pass)
        {
            Passed++;
        }

        foreach (var reason in result.Reasons)
        {
            _reasons[reason] = _reasons.GetValueOrDefault(reason) + 1;
        }

        foreach (var m in result.Measurements)
        {
            if (!_byName.TryGetValue(m.Name, out var stats))
            {
                var open = double.IsNaN(m.Nominal);
                stats = new MeasurementStatistics(m.Name, m.Unit, open ? double.NegativeInfinity : m.Nominal - m.Minus, open ? double.PositiveInfinity : m.Nominal + m.Plus);
                _byName.Add(m.Name, stats);
                _ordered.Add(stats);
            }

            stats.Add(m);
        }
    }
}
