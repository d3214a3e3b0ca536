using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Stats;

namespace EdgeVision.Mqtt;

/// <summary>What a camera is running, for the birth payload on the <c>status</c> topic (and Sparkplug's DBIRTH).</summary>
public sealed record CameraStatus(string Camera, string Recipe, string RecipeChecksum)
{
    /// <summary>The recipe's measurements by name and unit (declared in Sparkplug's DBIRTH).</summary>
    public IReadOnlyList<(string Name, string Unit)> Measurements { get; init; } = [];
}

/// <summary>The station as the <c>status</c> topic's birth payload describes it.</summary>
public sealed record StationStatus(string Version, DateTimeOffset Since, IReadOnlyList<CameraStatus> Cameras, long Backlog, long DroppedFull, long DroppedAge)
{
    /// <summary>Results dropped before reaching the outbox (the hand-over queue overflowed: the disk could not keep up).</summary>
    public long DroppedQueue { get; init; }

    /// <summary>Results the broker refused (MQTT 5 error reason code), removed from the outbox.</summary>
    public long Refused { get; init; }
}

/// <summary>
/// The JSON payloads of the topic contract (README, "MQTT topics"): the result with its message sequence number and
/// historical flag, the <c>status</c> birth and will, and the periodic <c>stats</c>.
/// </summary>
public static class MqttPayloads
{
    private static readonly byte[] HistoricalField = "\"historical\":true,"u8.ToArray();

    /// <summary>The retained last will (and the clean-stop message) of the <c>status</c> topic.</summary>
    public static byte[] Offline() => "{\"state\":\"offline\"}"u8.ToArray();

    /// <summary>The result's JSON with <c>"msgSeq"</c> as its first field.</summary>
    public static byte[] Result(InspectionResult result, long messageSequence)
    {
        var json = InspectionResultJson.ToUtf8(result);
        return Prepend(json, Encoding.UTF8.GetBytes($"\"msgSeq\":{messageSequence.ToString(CultureInfo.InvariantCulture)},"));
    }

    /// <summary>A stored result payload marked <c>"historical":true</c> (delivered from a backlog, not live).</summary>
    public static byte[] MarkHistorical(ReadOnlySpan<byte> json) => Prepend(json, HistoricalField);

    /// <summary>Inserts <paramref name="field"/> (<c>"name":value,</c>) right after the object's opening brace.</summary>
    private static byte[] Prepend(ReadOnlySpan<byte> json, ReadOnlySpan<byte> field)
    {
        if (json.Length < 2 || json[0] != (byte)'{')
        {
            throw new ArgumentException("The payload is not a JSON object.", nameof(json));
        }

        var isEmpty = json[1] == (byte)'}';
        var output = new byte[json.Length + field.Length - (isEmpty ? 1 : 0)];
        output[0] = (byte)'{';
        field.CopyTo(output.AsSpan(1));
        var at = 1 + field.Length;
        if (isEmpty)
        {
            at--; // no trailing comma before the closing brace
        }

        json[1..].CopyTo(output.AsSpan(at));
        return output;
    }

    /// <summary>The <c>status</c> birth payload: <c>online</c>, version, uptime, recipe per camera and the outbox state.</summary>
    public static byte[] Online(StationStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Write(w =>
        {
            w.WriteString("state", "online");
            w.WriteString("version", status.Version);
            w.WriteString("since", status.Since.UtcDateTime);
            w.WriteNumber("uptimeS", Math.Max(0, (long)(now - status.Since).TotalSeconds));
            w.WriteStartObject("cameras");
            foreach (var c in status.Cameras)
            {
                w.WriteStartObject(c.Camera);
                w.WriteString("recipe", c.Recipe);
                w.WriteString("recipeChecksum", c.RecipeChecksum);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("outbox");
            w.WriteNumber("backlog", status.Backlog);
            w.WriteNumber("dropped", status.DroppedFull + status.DroppedAge + status.DroppedQueue);
            w.WriteNumber("droppedFull", status.DroppedFull);
            w.WriteNumber("droppedAge", status.DroppedAge);
            w.WriteNumber("droppedQueue", status.DroppedQueue);
            w.WriteNumber("refused", status.Refused);
            w.WriteEndObject();
        });
    }

    /// <summary>A camera's <c>stats</c> payload.</summary>
    public static byte[] Stats(CameraStatsSnapshot stats, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return Write(w =>
        {
            w.WriteString("camera", stats.Camera);
            w.WriteString("time", now.UtcDateTime);
            w.WriteString("since", stats.Since.UtcDateTime);
            w.WriteNumber("total", stats.Total);
            w.WriteNumber("pass", stats.Passed);
            w.WriteNumber("fail", stats.Failed);
            WriteNumberOrNull(w, "yield", stats.Yield);
            w.WriteStartObject("cycleMs");
            w.WriteNumber("count", stats.Cycle.Count);
            WriteNumberOrNull(w, "min", stats.Cycle.Min);
            WriteNumberOrNull(w, "avg", stats.Cycle.Mean);
            WriteNumberOrNull(w, "max", stats.Cycle.Max);
            WriteNumberOrNull(w, "p99", stats.Cycle.P99);
            w.WriteEndObject();
            if (stats.LastVerdict is { } last)
            {
                w.WriteString("lastVerdict", last == Verdict.Pass ? "pass" : "fail");
            }
            else
            {
                w.WriteNull("lastVerdict");
            }
        });
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
