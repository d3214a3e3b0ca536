using System.Text;
using EdgeVision.Inspection.Calibration;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Settings;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

/// <summary>Builds recipes around tool sections, runs them through the pipeline and picks values out of the result.</summary>
internal static class MeasureRecipe
{
    /// <summary>The blob fixture that finds <see cref="PlateScene"/>'s plate.</summary>
    public const string BlobFixture = """{ "type": "blob", "threshold": 128, "minArea": 20000 }""";

    /// <summary>
    /// A mono recipe with the given tools (JSON objects, comma separated), optional fixture and units, and
    /// <paramref name="extra"/> top-level keys (e.g. <c>"rules": [...]</c>).
    /// </summary>
    public static string Json(string tools, string? fixture = BlobFixture, bool millimetres = false, string? extra = null)
    {
        var units = millimetres ? "\"units\": \"mm\", \"calibration\": \"cal.json\"," : "\"units\": \"px\",";
        var fixtureKey = fixture is null ? string.Empty : $"\"fixture\": {fixture},";
        return $$"""
            {
              "schemaVersion": 2,
              "name": "measure-test",
              {{units}}
              "preprocess": [{ "step": "debayer", "pattern": "none" }],
              {{fixtureKey}}
              "tools": [{{tools}}]{{(extra is null ? string.Empty : "," + extra)}}
            }
            """;
    }

    /// <summary>Parses <paramref name="json"/>, failing the test on any recipe error.</summary>
    public static Recipe Parse(string json, string? directory = null)
    {
        var errors = new SettingsErrors();
        var recipe = RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors, directory);
        Assert.True(errors.IsEmpty, string.Join(Environment.NewLine, errors.All));
        return recipe!;
    }

    /// <summary>The errors parsing <paramref name="json"/> reports.</summary>
    public static IReadOnlyList<string> Errors(string json, string? directory = null)
    {
        var errors = new SettingsErrors();
        RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors, directory);
        return errors.All;
    }

    /// <summary>Runs <paramref name="json"/> on <paramref name="image"/> and returns the result.</summary>
    public static InspectionResult Inspect(string json, Mat image, string? directory = null)
    {
        using var inspector = new ImageInspector(Parse(json, directory));
        return inspector.Inspect(image);
    }

    /// <summary>The measurement <paramref name="name"/> (tool.output) of <paramref name="result"/>.</summary>
    public static MeasurementResult Measurement(this InspectionResult result, string name) =>
        result.Measurements.SingleOrDefault(m => m.Name == name) ?? throw new InvalidOperationException($"no measurement {name} in [{string.Join(", ", result.Measurements.Select(m => m.Name))}]");

    /// <summary>The value of measurement <paramref name="name"/>.</summary>
    public static double Value(this InspectionResult result, string name) => result.Measurement(name).Value;

    /// <summary>The overlay shapes labelled starting with <paramref name="tool"/> plus a space.</summary>
    public static IReadOnlyList<OverlayShape> Labelled(this InspectionResult result, string tool) =>
        [.. result.Shapes.Where(s => s.Label is { } l && l.StartsWith(tool + " ", StringComparison.Ordinal))];

    /// <summary>The status of tool <paramref name="name"/>.</summary>
    public static ToolStatus Status(this InspectionResult result, string name) => result.Tools.Single(t => t.Name == name).Status;

    /// <summary>A temporary folder holding cal.json: a uniform plane calibration of <paramref name="millimetresPerPixel"/>.</summary>
    public static TempCalibration Calibration(double millimetresPerPixel) => new(millimetresPerPixel);

    /// <summary>A folder with a calibration file, deleted on dispose.</summary>
    internal sealed class TempCalibration : IDisposable
    {
        public TempCalibration(double millimetresPerPixel)
        {
            Directory = Path.Combine(Path.GetTempPath(), "edgevision-measure-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            CalibrationFile.Write(Path.Combine(Directory, "cal.json"), new CalibrationData(null, PlaneMapping.Uniform(millimetresPerPixel).Plane));
        }

        public string Directory { get; }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
