using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using M = EdgeVision.Mqtt.Sparkplug.SparkplugMetrics;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>
/// One camera as a Sparkplug device: its metric aliases and the current value of each metric. While the node is
/// online the current values are the ones last published (births publish all of them, DDATA what changed), so a
/// DDATA compares against them to send only what changed.
/// </summary>
internal sealed class CameraState
{
    private readonly Dictionary<string, ulong> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _measurements = new(StringComparer.Ordinal);
    private string? _verdict;
    private string? _reasons;
    private long? _sequence;
    private double? _cycleMs;
    private ulong? _resultTime;
    private string _recipe;
    private string _checksum;

    public CameraState(SparkplugCamera definition)
    {
        Definition = definition;
        _recipe = definition.Recipe;
        _checksum = definition.RecipeChecksum;
    }

    public SparkplugCamera Definition { get; private set; }

    public long Pass { get; private set; }

    public long Fail { get; private set; }

    private double? Yield => Pass + Fail == 0 ? null : 100.0 * Pass / (Pass + Fail);

    /// <summary>Takes a new definition; true when its recipe differs from the current one.</summary>
    public bool Redefine(SparkplugCamera definition)
    {
        Definition = definition;
        var changed = _recipe != definition.Recipe || _checksum != definition.RecipeChecksum;
        _recipe = definition.Recipe;
        _checksum = definition.RecipeChecksum;
        return changed;
    }

    /// <summary>Numbers this camera's metrics from <paramref name="first"/>; returns the next free alias.</summary>
    public ulong AssignAliases(ulong first)
    {
        _aliases.Clear();
        var next = first;
        foreach (var name in MetricNames())
        {
            _aliases[name] = next++;
        }

        return next;
    }

    /// <summary>The DBIRTH payload (seq left for the node to set): every metric with name, alias, datatype and current value.</summary>
    public Payload Birth(ulong now)
    {
        var t = _resultTime ?? now;
        var payload = new Payload { Timestamp = now };
        payload.Metrics.Add(M.Text(M.Verdict, Alias(M.Verdict), t, _verdict));
        payload.Metrics.Add(M.Int64(M.Sequence, Alias(M.Sequence), t, _sequence));
        payload.Metrics.Add(M.Text(M.Reasons, Alias(M.Reasons), t, _reasons));
        payload.Metrics.Add(M.Double(M.CycleTime, Alias(M.CycleTime), t, _cycleMs, "ms"));
        payload.Metrics.Add(M.Text(M.RecipeName, Alias(M.RecipeName), now, _recipe));
        payload.Metrics.Add(M.Text(M.RecipeChecksum, Alias(M.RecipeChecksum), now, _checksum));
        payload.Metrics.Add(M.Int64(M.Total, Alias(M.Total), now, Pass + Fail));
        payload.Metrics.Add(M.Int64(M.Pass, Alias(M.Pass), now, Pass));
        payload.Metrics.Add(M.Int64(M.Fail, Alias(M.Fail), now, Fail));
        payload.Metrics.Add(M.Double(M.Yield, Alias(M.Yield), now, Yield, "%"));
        foreach (var m in Definition.Measurements)
        {
            var name = M.MeasurementPrefix + m.Name;
            double? value = _measurements.TryGetValue(m.Name, out var v) ? v : null;
            payload.Metrics.Add(M.Double(name, Alias(name), t, value, m.Unit));
        }

        return payload;
    }

    /// <summary>
    /// Takes a result and returns its DDATA payload (seq left for the node to set), or null for a historical result
    /// when <paramref name="build"/> is false. <paramref name="undeclared"/> receives the names of measurements the
    /// birth did not declare (left out). A historical result is sent flagged as such and changes no current value.
    /// </summary>
    public Payload? Data(InspectionResult result, bool historical, ulong now, bool build, List<string> undeclared)
    {
        var t = M.Millis(result.CompletedTime);
        var verdict = result.Verdict == Verdict.Pass ? "pass" : "fail";
        var reasons = string.Join(",", result.Reasons);
        var payload = build ? new Payload { Timestamp = now } : null;
        void Add(Payload.Types.Metric metric)
        {
            metric.IsHistorical = historical;
            payload?.Metrics.Add(metric);
        }

        Add(M.Int64(null, Alias(M.Sequence), t, result.Sequence));
        if (historical || verdict != _verdict)
        {
            Add(M.Text(null, Alias(M.Verdict), t, verdict));
        }

        if (historical || reasons != _reasons)
        {
            Add(M.Text(null, Alias(M.Reasons), t, reasons));
        }

        Add(M.Double(null, Alias(M.CycleTime), t, result.TotalMilliseconds));
        foreach (var m in result.Measurements)
        {
            if (_aliases.TryGetValue(M.MeasurementPrefix + m.Name, out var alias))
            {
                Add(M.Double(null, alias, t, m.Value));
            }
            else
            {
                undeclared.Add(m.Name);
            }
        }

        if (historical)
        {
            return payload;
        }

        var oldYield = Yield;
        if (result.Verdict == Verdict.Pass)
        {
            Pass++;
        }
        else
        {
            Fail++;
        }

        Add(M.Int64(null, Alias(M.Total), t, Pass + Fail));
        Add(result.Verdict == Verdict.Pass ? M.Int64(null, Alias(M.Pass), t, Pass) : M.Int64(null, Alias(M.Fail), t, Fail));
        if (Yield != oldYield)
        {
            Add(M.Double(null, Alias(M.Yield), t, Yield));
        }

        if (result.Recipe != _recipe || result.RecipeChecksum != _checksum)
        {
            _recipe = result.Recipe;
            _checksum = result.RecipeChecksum;
            Add(M.Text(null, Alias(M.RecipeName), t, _recipe));
            Add(M.Text(null, Alias(M.RecipeChecksum), t, _checksum));
        }

        _verdict = verdict;
        _reasons = reasons;
        _sequence = result.Sequence;
        _cycleMs = result.TotalMilliseconds;
        _resultTime = t;
        foreach (var m in result.Measurements)
        {
            _measurements[m.Name] = m.Value;
        }

        return payload;
    }

    /// <summary>Sets the counters (a reset, or restoring them); returns the DDATA of what changed, or null when nothing did.</summary>
    public Payload? SetCounters(long pass, long fail, ulong now)
    {
        var oldPass = Pass;
        var oldFail = Fail;
        var oldYield = Yield;
        Pass = pass;
        Fail = fail;
        var payload = new Payload { Timestamp = now };
        if (pass + fail != oldPass + oldFail)
        {
            payload.Metrics.Add(M.Int64(null, Alias(M.Total), now, pass + fail));
        }

        if (pass != oldPass)
        {
            payload.Metrics.Add(M.Int64(null, Alias(M.Pass), now, pass));
        }

        if (fail != oldFail)
        {
            payload.Metrics.Add(M.Int64(null, Alias(M.Fail), now, fail));
        }

        if (Yield != oldYield)
        {
            payload.Metrics.Add(M.Double(null, Alias(M.Yield), now, Yield));
        }

        return payload.Metrics.Count == 0 ? null : payload;
    }

    /// <summary>The DDATA of the current recipe (after <see cref="Redefine"/> changed it).</summary>
    public Payload RecipeData(ulong now)
    {
        var payload = new Payload { Timestamp = now };
        payload.Metrics.Add(M.Text(null, Alias(M.RecipeName), now, _recipe));
        payload.Metrics.Add(M.Text(null, Alias(M.RecipeChecksum), now, _checksum));
        return payload;
    }

    private ulong Alias(string name) => _aliases[name];

    private IEnumerable<string> MetricNames()
    {
        string[] fixedNames = [M.Verdict, M.Sequence, M.Reasons, M.CycleTime, M.RecipeName, M.RecipeChecksum, M.Total, M.Pass, M.Fail, M.Yield];
        return fixedNames.Concat(Definition.Measurements.Select(m => M.MeasurementPrefix + m.Name));
    }
}
