using System.Globalization;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

public sealed class MeasureAllocationTests(ITestOutputHelper output)
{
    private const int WarmUp = 10;
    private const int Measured = 100;

    // The tools make no OpenCvSharp calls that wrap arrays (the calipers read pixels through the Mat's data pointer), so
    // they should add nothing; a few bytes per frame are allowed for runtime noise (tiered compilation, timers).
    private const double MaxToolBytesPerFrame = 16;

    [Fact]
    public void Measuring_tools_allocate_nothing_per_frame_once_warm()
    {
        var (u, v) = PlateScene.SlotUpperEdge();
        var tools = string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "edge", "type": "caliper", "roi": { "x": 0, "y": -110, "length": 30, "width": 5, "angle": 90 } },
            { "name": "width", "type": "caliper", "roi": { "x": -150, "y": 0, "length": 260, "width": 9, "angle": 90 }, "mode": "pair", "expectedWidth": 220 },
            { "name": "hole", "type": "circle", "x": -110, "y": -30, "radius": 20, "searchLength": 12, "polarity": "darkToLight" },
            { "name": "hole2", "type": "circle", "x": 110, "y": -30, "radius": 25.3, "searchLength": 12, "polarity": "darkToLight" },
            { "name": "top", "type": "line", "roi": { "x": 0, "y": -110, "length": 200, "width": 24, "angle": 0 }, "polarity": "darkToLight" },
            { "name": "slot", "type": "line", "roi": { "x": {{u}}, "y": {{v}}, "length": 100, "width": 14, "angle": 30 }, "polarity": "lightToDark" },
            { "name": "pitch", "type": "distance", "from": "hole", "to": "hole2", "distance": { "nominal": 220, "tolerance": 0.5 } },
            { "name": "to_edge", "type": "distance", "from": "hole", "to": "top" },
            { "name": "slant", "type": "angle", "from": "top", "to": "slot" },
            { "name": "tilt", "type": "angle", "from": "slot" }
            """);
        using var image = new PlateScene(322.2, 241.7, 11.4).Render(new Random(83));

        var withTools = BytesPerFrame(MeasureRecipe.Json(tools), image, out var result);
        var fixtureOnly = BytesPerFrame(MeasureRecipe.Json(string.Empty), image, out _);

        var perFrame = withTools - fixtureOnly;
        output.WriteLine($"pipeline with 10 measuring tools: {withTools:F1} B/frame, fixture only: {fixtureOnly:F1} B/frame, tools: {perFrame:F1} B/frame");
        output.WriteLine("last frame: " + string.Join(", ", result.Tools.Select(t => $"{t.Name} {t.Milliseconds:F3} ms")));
        Assert.True(result.Tools.All(t => t.Status == ToolStatus.Pass), string.Join(", ", result.Tools.Select(t => $"{t.Name} {t.Status}")));
        Assert.True(perFrame <= MaxToolBytesPerFrame, $"the measuring tools allocated {perFrame:F1} bytes/frame (bound {MaxToolBytesPerFrame})");
    }

    private static double BytesPerFrame(string json, OpenCvSharp.Mat image, out InspectionResult result)
    {
        using var inspector = new ImageInspector(MeasureRecipe.Parse(json));
        var frame = new Frame(image, PixelFormat.Mono8);
        var record = new InspectionRecord();
        for (var i = 0; i < WarmUp; i++)
        {
            inspector.Pipeline.Inspect(frame, record);
        }

        var bytes = PipelineAllocation.SteadyBytesPerFrame(inspector.Pipeline, frame, record, Measured);
        result = inspector.Pipeline.ToResult(record, 1, DateTimeOffset.UnixEpoch);
        return bytes;
    }
}
