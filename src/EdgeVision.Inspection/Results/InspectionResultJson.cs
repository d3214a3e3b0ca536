using System.Buffers;
using System.Text.Json;

namespace EdgeVision.Inspection.Results;

/// <summary>
/// Writes an <see cref="InspectionResult"/> as the JSON documented in the README (the MQTT payload, the replay
/// line, the HTTP API's form). Written by hand with <see cref="Utf8JsonWriter"/>: stable field names and order,
/// no reflection.
/// </summary>
public static class InspectionResultJson
{
    /// <summary>The result as UTF-8 JSON bytes.</summary>
    public static byte[] ToUtf8(InspectionResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, result);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the result as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, InspectionResult result) => Write(writer, result, null);

    /// <summary>Writes the result as one JSON object, with the image's <paramref name="file"/> name after <c>frame</c> when given (replay).</summary>
    public static void Write(Utf8JsonWriter writer, InspectionResult result, string? file)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteNumber("schema", InspectionResult.SchemaVersion);
        writer.WriteString("device", result.Device);
        writer.WriteString("camera", result.Camera);
        writer.WriteNumber("seq", result.Sequence);
        writer.WriteNumber("frame", result.FrameSequence);
        writer.WriteNumber("trigger", result.TriggerId);
        if (file is not null)
        {
            writer.WriteString("file", file);
        }

        writer.WriteString("captured", result.CaptureTime.UtcDateTime);
        writer.WriteString("completed", result.CompletedTime.UtcDateTime);
        writer.WriteStartObject("recipe");
        writer.WriteString("name", result.Recipe);
        writer.WriteString("checksum", result.RecipeChecksum);
        writer.WriteEndObject();
        writer.WriteString("verdict", result.Verdict == Verdict.Pass ? "pass" : "fail");
        writer.WriteStartArray("reasons");
        foreach (var name in result.Reasons)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("pose");
        writer.WriteBoolean("found", result.Pose.Found);
        writer.WriteNumber("x", Math.Round(result.Pose.X, 3));
        writer.WriteNumber("y", Math.Round(result.Pose.Y, 3));
        writer.WriteNumber("angle", Math.Round(result.Pose.AngleDeg, 3));
        writer.WriteEndObject();
        writer.WriteStartArray("measurements");
        foreach (var m in result.Measurements)
        {
            writer.WriteStartObject();
            writer.WriteString("name", m.Name);
            WriteFinite(writer, "value", m.Value);
            writer.WriteString("unit", m.Unit);
            if (!double.IsNaN(m.Pixels))
            {
                WriteFinite(writer, "px", m.Pixels);
            }

            WriteFinite(writer, "nominal", m.Nominal);
            WriteFinite(writer, "tolMinus", m.Minus);
            WriteFinite(writer, "tolPlus", m.Plus);
            writer.WriteBoolean("pass", m.Pass);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("defects");
        foreach (var d in result.Defects)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", d.Kind);
            writer.WriteNumber("x", d.X);
            writer.WriteNumber("y", d.Y);
            writer.WriteNumber("w", d.Width);
            writer.WriteNumber("h", d.Height);
            writer.WriteNumber("area", d.Area);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tools");
        foreach (var t in result.Tools)
        {
            writer.WriteStartObject();
            writer.WriteString("name", t.Name);
            writer.WriteString("type", t.Type);
            writer.WriteString("status", ToolResult.StatusName(t.Status));
            if (t.Text is not null)
            {
                writer.WriteString("text", t.Text);
            }

            writer.WriteNumber("ms", Math.Round(t.Milliseconds, 3));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("timings");
        foreach (var t in result.Timings)
        {
            writer.WriteNumber(t.Stage, Math.Round(t.Milliseconds, 3));
        }

        writer.WriteNumber("total", Math.Round(result.TotalMilliseconds, 3));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>JSON has no NaN or infinity: a value that was not measured, or an open tolerance side, is written as null.</summary>
    private static void WriteFinite(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
