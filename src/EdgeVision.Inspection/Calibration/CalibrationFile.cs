using System.Text.Json;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision.Calibration;

namespace EdgeVision.Inspection.Calibration;

/// <summary>Reads and writes calibration files (the JSON written by <c>edgevision calibrate</c>), checking every key.</summary>
public static class CalibrationFile
{
    /// <summary>The file format version.</summary>
    public const int Version = 1;

    /// <summary>Reads <paramref name="path"/>, recording problems in <paramref name="errors"/> under <paramref name="at"/>; null when unreadable.</summary>
    public static CalibrationData? Read(string path, SettingsErrors errors, string at)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            errors.Add(at, $"calibration file '{path}' cannot be read: {e.Message}");
            return null;
        }

        using (document)
        {
            var inner = new SettingsErrors();
            var root = new JsonSection(document.RootElement, string.Empty, inner);
            root.WholeNumber("version", Version, Version, Version);
            root.Text("created", null);
            root.Text("board", null);
            CameraModel? camera = null;
            var rms = double.NaN;
            if (root.Section("camera") is { } c)
            {
                var distortion = c.Numbers("distortion", 5) ?? [0, 0, 0, 0, 0];
                camera = new CameraModel(
                    c.WholeNumber("width", 1, 1),
                    c.WholeNumber("height", 1, 1),
                    c.Number("fx", 1, 1e-6),
                    c.Number("fy", 1, 1e-6),
                    c.Number("cx", 0),
                    c.Number("cy", 0),
                    distortion);
                rms = c.Number("rms", double.NaN);
                c.RejectUnknownKeys();
            }

            PlaneCalibration? plane = null;
            if (root.Section("plane") is { } p)
            {
                var h = p.Numbers("homography", 9) ?? [1, 0, 0, 0, 1, 0, 0, 0, 1];
                var scale = p.Number("mmPerPixel", 1, 1e-9);
                plane = new PlaneCalibration(
                    h,
                    scale,
                    p.Number("mmPerPixelX", scale, 1e-9),
                    p.Number("mmPerPixelY", scale, 1e-9),
                    p.Number("angleDeg", 0),
                    p.Number("rmsMm", double.NaN),
                    p.Bool("undistorted", false));
                p.RejectUnknownKeys();
            }

            root.RejectUnknownKeys();
            if (camera is null && plane is null)
            {
                inner.Add("(file)", "holds neither a camera nor a plane section");
            }

            foreach (var e in inner.All)
            {
                errors.Add(at, $"calibration file '{path}': {e}");
            }

            return inner.IsEmpty ? new CalibrationData(camera, plane) { CameraRmsPx = rms } : null;
        }
    }

    /// <summary>Writes <paramref name="data"/> as a calibration file.</summary>
    public static void Write(string path, CalibrationData data, string? board = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("version", Version);
        w.WriteString("created", DateTimeOffset.UtcNow);
        if (board is not null)
        {
            w.WriteString("board", board);
        }

        if (data.Camera is { } c)
        {
            w.WriteStartObject("camera");
            w.WriteNumber("width", c.Width);
            w.WriteNumber("height", c.Height);
            w.WriteNumber("fx", c.Fx);
            w.WriteNumber("fy", c.Fy);
            w.WriteNumber("cx", c.Cx);
            w.WriteNumber("cy", c.Cy);
            WriteArray(w, "distortion", c.DistortionVector());
            if (double.IsFinite(data.CameraRmsPx))
            {
                w.WriteNumber("rms", data.CameraRmsPx);
            }

            w.WriteEndObject();
        }

        if (data.Plane is { } p)
        {
            w.WriteStartObject("plane");
            WriteArray(w, "homography", p.Homography);
            w.WriteNumber("mmPerPixel", p.MmPerPixel);
            w.WriteNumber("mmPerPixelX", p.MmPerPixelX);
            w.WriteNumber("mmPerPixelY", p.MmPerPixelY);
            w.WriteNumber("angleDeg", p.AngleDeg);
            if (double.IsFinite(p.ResidualRmsMm))
            {
                w.WriteNumber("rmsMm", p.ResidualRmsMm);
            }

            w.WriteBoolean("undistorted", p.Undistorted);

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
