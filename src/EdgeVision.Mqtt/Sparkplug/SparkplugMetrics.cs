using EdgeVision.Mqtt.Sparkplug.Protobuf;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>
/// Builds the metrics of the payloads: with name and alias for births, with alias only for data (the specification
/// forbids names in DATA messages once aliases are used), always with a timestamp and datatype.
/// </summary>
internal static class SparkplugMetrics
{
    /// <summary>Metric names of the edge node.</summary>
    public const string BdSeq = "bdSeq";

    /// <summary>The node control metric every NBIRTH carries (false) and a host writes true to ask for a rebirth.</summary>
    public const string Rebirth = "Node Control/Rebirth";

    /// <summary>Aliases of the edge node's own metrics; device metrics are numbered after them.</summary>
    public const ulong BdSeqAlias = 1, RebirthAlias = 2, SoftwareAlias = 3, VersionAlias = 4, StationAlias = 5, FirstDeviceAlias = 10;

    /// <summary>Device metric names.</summary>
    public const string Verdict = "Result/Verdict", Sequence = "Result/Sequence", CycleTime = "Result/Cycle Time",
        Reasons = "Result/Reasons", RecipeName = "Recipe/Name", RecipeChecksum = "Recipe/Checksum", Total = "Counters/Total",
        Pass = "Counters/Pass", Fail = "Counters/Fail", Yield = "Counters/Yield", MeasurementPrefix = "Measurements/";

    /// <summary>The property key that carries a metric's engineering unit.</summary>
    public const string UnitProperty = "engUnit";

    /// <summary>Milliseconds since the Unix epoch (UTC), the Sparkplug time format.</summary>
    public static ulong Millis(DateTimeOffset time) => (ulong)Math.Max(0, time.ToUnixTimeMilliseconds());

    /// <summary>A metric with its name (births) and/or alias (births and data), timestamp and datatype, no value yet.</summary>
    public static Payload.Types.Metric New(string? name, ulong? alias, DataType type, ulong timestamp)
    {
        var metric = new Payload.Types.Metric { Timestamp = timestamp, Datatype = (uint)type };
        if (alias is { } a)
        {
            metric.Alias = a;
        }

        if (name is not null)
        {
            metric.Name = name;
        }

        return metric;
    }

    /// <summary>A string metric; null is sent as an explicit null.</summary>
    public static Payload.Types.Metric Text(string? name, ulong? alias, ulong timestamp, string? value)
    {
        var metric = New(name, alias, DataType.String, timestamp);
        if (value is null)
        {
            metric.IsNull = true;
        }
        else
        {
            metric.StringValue = value;
        }

        return metric;
    }

    /// <summary>A signed 64-bit metric (carried as its two's complement in long_value); null is sent as an explicit null.</summary>
    public static Payload.Types.Metric Int64(string? name, ulong? alias, ulong timestamp, long? value)
    {
        var metric = New(name, alias, DataType.Int64, timestamp);
        if (value is null)
        {
            metric.IsNull = true;
        }
        else
        {
            metric.LongValue = unchecked((ulong)value.Value);
        }

        return metric;
    }

    /// <summary>A double metric with an optional unit property; null and NaN are sent as an explicit null.</summary>
    public static Payload.Types.Metric Double(string? name, ulong? alias, ulong timestamp, double? value, string? unit = null)
    {
        var metric = New(name, alias, DataType.Double, timestamp);
        if (value is not { } v || double.IsNaN(v))
        {
            metric.IsNull = true;
        }
        else
        {
            metric.DoubleValue = v;
        }

        if (unit is not null)
        {
            metric.Properties = new Payload.Types.PropertySet();
            metric.Properties.Keys.Add(UnitProperty);
            metric.Properties.Values.Add(new Payload.Types.PropertyValue { Type = (uint)DataType.String, StringValue = unit });
        }

        return metric;
    }

    /// <summary>A Boolean metric.</summary>
    public static Payload.Types.Metric Boolean(string? name, ulong? alias, ulong timestamp, bool value)
    {
        var metric = New(name, alias, DataType.Boolean, timestamp);
        metric.BooleanValue = value;
        return metric;
    }
}
