using System.Text;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

/// <summary>Recipes for the check tools' tests, run through the full recipe → pipeline → result path.</summary>
internal static class CheckRecipes
{
    /// <summary>A blob fixture for a bright plate on a dark background.</summary>
    public const string PlateFixture = """{ "type": "blob", "threshold": 128, "minArea": 20000 }""";

    /// <summary>A whole recipe around <paramref name="tools"/> (JSON objects separated by commas) and an optional fixture.</summary>
    public static string Json(string tools, string? fixture = null) =>
        $$"""
        {
          "schemaVersion": 2,
          "name": "checks",
          "preprocess": [{ "step": "debayer", "pattern": "none" }],
          {{(fixture is null ? string.Empty : $"\"fixture\": {fixture},")}}
          "tools": [{{tools}}]
        }
        """;

    /// <summary>Parses <paramref name="json"/>, failing the test on any error.</summary>
    public static Recipe Parse(string json)
    {
        var errors = new SettingsErrors();
        var recipe = RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors, Path.GetTempPath());
        Assert.True(errors.IsEmpty, string.Join(Environment.NewLine, errors.All));
        return recipe!;
    }

    /// <summary>Every error reported for <paramref name="json"/>.</summary>
    public static IReadOnlyList<string> Errors(string json)
    {
        var errors = new SettingsErrors();
        RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors, Path.GetTempPath());
        return errors.All;
    }

    /// <summary>Inspects <paramref name="image"/> (1 channel: mono, 3: BGR) with the recipe <paramref name="json"/>.</summary>
    public static InspectionResult Inspect(string json, Mat image)
    {
        using var inspector = new ImageInspector(Parse(json));
        return inspector.Inspect(image);
    }

    /// <summary>The measurement called <paramref name="name"/>.</summary>
    public static MeasurementResult Measurement(this InspectionResult result, string name) => result.Measurements.Single(m => m.Name == name);

    /// <summary>The outcome of the tool called <paramref name="name"/>.</summary>
    public static ToolResult Tool(this InspectionResult result, string name) => result.Tools.Single(t => t.Name == name);

    /// <summary>
    /// Managed bytes per frame that the tools of <paramref name="withTools"/> add to a pipeline pass over
    /// <paramref name="without"/> (the same recipe without them), after warm-up: both pipelines inspect the same frame.
    /// </summary>
    public static double ToolBytesPerFrame(string withTools, string without, Mat image, int frames = 200)
    {
        return BytesPerFrame(withTools, image, frames) - BytesPerFrame(without, image, frames);
    }

    private static double BytesPerFrame(string json, Mat image, int frames)
    {
        using var pipeline = new InspectionPipeline(Parse(json), "test", "test");
        var frame = new Frame(image, image.Channels() == 3 ? PixelFormat.Bgr8 : PixelFormat.Mono8);
        var record = new InspectionRecord();
        for (var i = 0; i < 20; i++)
        {
            pipeline.Inspect(frame, record);
        }

        return PipelineAllocation.SteadyBytesPerFrame(pipeline, frame, record, frames);
    }
}
