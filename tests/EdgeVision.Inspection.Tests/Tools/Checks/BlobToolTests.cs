using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Geometry;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

public class BlobToolTests(ITestOutputHelper output)
{
    private const string Dots = """
        { "name": "dots", "type": "blob", "roi": { "x": 160, "y": 120, "length": 300, "width": 200 },
          "polarity": "dark", "threshold": 130, "minArea": 20,
          "count": { "nominal": 3, "tolerance": 0 }, "area": { "nominal": 1256.6, "tolerance": 15 }, "circularity": { "min": 0.95 } }
        """;

    [Fact]
    public void Dark_discs_are_counted_and_the_largest_measured_specks_filtered_out()
    {
        using var image = Discs(includeSmallest: true);

        var result = CheckRecipes.Inspect(CheckRecipes.Json(Dots), image);

        var area = result.Measurement("dots.area");
        output.WriteLine($"area {area.Value:F2} (π·20² = {Math.PI * 400:F2}), perimeter {result.Measurement("dots.perimeter").Value:F2} (2π·20 = {Math.PI * 40:F2}), circularity {result.Measurement("dots.circularity").Value:F4}");
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal((3.0, "count"), (result.Measurement("dots.count").Value, result.Measurement("dots.count").Unit));
        Assert.Equal("px2", area.Unit);
        Assert.Equal(Math.PI * 400, area.Value, Math.PI * 400 * 0.01);
        Assert.Equal(Math.PI * 40, result.Measurement("dots.perimeter").Value, Math.PI * 40 * 0.02);
        Assert.Equal(1.0, result.Measurement("dots.elongation").Value, 0.03);
        Assert.Equal(4, result.Shapes.Count);
        var largest = result.Shapes[1];
        Assert.Equal(80.3, largest.X, 0.1);
        Assert.Equal(100.6, largest.Y, 0.1);
        Assert.Equal($"dots 3 blobs, largest {area.Value:F0} px2", result.Shapes[0].Label);
    }

    [Fact]
    public void A_missing_disc_fails_the_count_with_the_blob_reason()
    {
        using var image = Discs(includeSmallest: false);

        var result = CheckRecipes.Inspect(CheckRecipes.Json(Dots), image);

        Assert.Equal(ToolStatus.Fail, result.Tool("dots").Status);
        Assert.Equal(["BLOB"], result.Reasons);
        Assert.Equal((2.0, false), (result.Measurement("dots.count").Value, result.Measurement("dots.count").Pass));
        Assert.True(result.Measurement("dots.area").Pass);
    }

    [Fact]
    public void An_empty_region_passes_a_count_of_none_with_zero_size()
    {
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(220));
        var tools = """{ "name": "clean", "type": "blob", "roi": { "x": 160, "y": 120, "length": 200, "width": 100, "angle": 25 }, "count": { "max": 0 }, "reason": "CONTAMINATION" }""";

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(ToolStatus.Pass, result.Tool("clean").Status);
        Assert.Equal([0.0, 0.0, 0.0], new[] { "count", "area", "perimeter" }.Select(o => result.Measurement("clean." + o).Value));
        Assert.Equal("clean no blob", Assert.Single(result.Shapes).Label);
    }

    [Fact]
    public void Light_blobs_are_found_with_an_otsu_threshold()
    {
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(40));
        CoverageShapes.FillDisc(image, 100.4, 120.2, 15, Scalar.All(200));
        CoverageShapes.FillDisc(image, 200.6, 110.9, 25, Scalar.All(200));
        PartScenes.AddNoise(image, new Random(3), 3);
        var tools = """{ "name": "spots", "type": "blob", "roi": { "x": 160, "y": 120, "length": 300, "width": 200 }, "polarity": "light", "otsu": true, "count": { "nominal": 2, "tolerance": 0 } }""";

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(ToolStatus.Pass, result.Tool("spots").Status);
        Assert.Equal(Math.PI * 625, result.Measurement("spots.area").Value, Math.PI * 625 * 0.02);
    }

    [Fact]
    public void A_fixtured_blob_region_follows_a_turned_part()
    {
        // Three dark discs (radius 20, 14, 10) at part (−150, 60), (−100, 60), (−60, 60); the tool covers 160 × 80 there.
        var tools = """
            { "name": "dots", "type": "blob", "roi": { "x": -105, "y": 60, "length": 160, "width": 80 }, "threshold": 120,
              "count": { "nominal": 3, "tolerance": 0 }, "area": { "nominal": 1256.6, "tolerance": 25 } }
            """;
        var json = CheckRecipes.Json(tools, CheckRecipes.PlateFixture);
        var random = new Random(21);

        for (var trial = 0; trial < 5; trial++)
        {
            using var part = PartScenes.Plate(Scalar.All(210), MatType.CV_8UC1);
            var (cu, cv) = ((part.Cols - 1) / 2.0, (part.Rows - 1) / 2.0);
            CoverageShapes.FillDisc(part, cu - 150, cv + 60, 20, Scalar.All(30));
            CoverageShapes.FillDisc(part, cu - 100, cv + 60, 14, Scalar.All(30));
            CoverageShapes.FillDisc(part, cu - 60, cv + 60, 10, Scalar.All(30));
            var (x, y, angle) = (300 + (random.NextDouble() * 200), 250 + (random.NextDouble() * 100), -45 + (random.NextDouble() * 90));
            using var image = PartScenes.Place(part, 800, 600, x, y, angle, Scalar.All(40));
            PartScenes.AddNoise(image, random, 2);

            var result = CheckRecipes.Inspect(json, image);

            var area = result.Measurement("dots.area").Value;
            var largest = result.Shapes.First(s => s.Kind == ShapeKind.Box && s.Label is null && s.Tone != ShapeTone.Region && Math.Abs(s.A - 40) < 2);
            var (ex, ey) = new RotatedRoi(x, y, 440, 280, angle).ToImage(-150, 60);
            output.WriteLine($"pose ({x:F1}, {y:F1}, {angle:F1}°): count {result.Measurement("dots.count").Value}, area {area:F1}, largest off by ({largest.X - ex:F2}, {largest.Y - ey:F2}) px");
            Assert.Equal(ToolStatus.Pass, result.Tool("dots").Status);
            Assert.Equal(Math.PI * 400, area, Math.PI * 400 * 0.02);
            Assert.Equal(ex, largest.X, 1.0);
            Assert.Equal(ey, largest.Y, 1.0);
        }
    }

    [Theory]
    [InlineData("\"polarity\": \"grey\", \"count\": { \"max\": 1 }", "tools[0].polarity: 'grey' is not one of: dark, light")]
    [InlineData("\"minArea\": 50, \"maxArea\": 20, \"count\": { \"max\": 1 }", "tools[0].maxArea: 20 is below minArea 50: no blob could pass")]
    [InlineData("\"minCircularity\": 0.9, \"maxCircularity\": 0.5, \"count\": { \"max\": 1 }", "tools[0].maxCircularity: 0.5 is below minCircularity 0.9: no blob could pass")]
    [InlineData("\"otsu\": true, \"threshold\": 100, \"count\": { \"max\": 1 }", "tools[0].threshold: is given together with \"otsu\": true; give one of them")]
    [InlineData("\"threshold\": 300, \"count\": { \"max\": 1 }", "tools[0].threshold: 300 is out of range [0, 255]")]
    [InlineData("\"minElongation\": 0.5, \"count\": { \"max\": 1 }", "tools[0].minElongation: 0.5 is out of range [1, 1000]")]
    [InlineData("\"threshold\": 100", "tools[0].count: is required (or a tolerance on area, perimeter, circularity or elongation): a blob tool without a tolerance checks nothing")]
    public void Parameter_mistakes_are_reported_with_their_path(string parameters, string expected)
    {
        var tools = $$"""{ "name": "b", "type": "blob", "roi": { "x": 50, "y": 50, "length": 40, "width": 40 }, {{parameters}} }""";

        Assert.Equal([expected], CheckRecipes.Errors(CheckRecipes.Json(tools)));
    }

    [Fact]
    public void Blob_analysis_allocates_only_opencvs_argument_wrappers()
    {
        using var image = Discs(includeSmallest: true);
        var baseline = """{ "name": "baseline", "type": "presence", "roi": { "x": 10, "y": 10, "length": 4, "width": 4 }, "low": 0, "high": 100, "fraction": { "min": 0 } }""";

        var bytes = CheckRecipes.ToolBytesPerFrame(CheckRecipes.Json(baseline + "," + Dots), CheckRecipes.Json(baseline), image);

        // Measured 1024 B/frame: the resampling (312 B) and BlobAnalyzer's Threshold and ConnectedComponentsWithStats
        // wrappers. The bound allows a few more wrappers; a per-frame Mat or table would be far larger.
        output.WriteLine($"blob: {bytes:F1} B/frame");
        Assert.True(bytes < 1536, $"blob tool allocated {bytes:F1} B/frame");
    }

    // Light gray (220) with dark (40) discs of radius 20, 14 and (optionally) 10, and a 2 × 2 speck under minArea.
    private static Mat Discs(bool includeSmallest)
    {
        var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(220));
        CoverageShapes.FillDisc(image, 80.3, 100.6, 20, Scalar.All(40));
        CoverageShapes.FillDisc(image, 170.2, 110.4, 14, Scalar.All(40));
        if (includeSmallest)
        {
            CoverageShapes.FillDisc(image, 250.7, 120.1, 10, Scalar.All(40));
        }

        PartScenes.Fill(image, new Rect(150, 200, 2, 2), Scalar.All(40));
        return image;
    }
}
