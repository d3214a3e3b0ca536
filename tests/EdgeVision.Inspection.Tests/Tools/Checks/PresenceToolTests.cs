using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

public class PresenceToolTests(ITestOutputHelper output)
{
    // Region 80 × 60 centred at (150, 100): pixels x 111–190, y 71–130 (4800 pixels).
    private const string DarkPart = """
        { "name": "part", "type": "presence", "roi": { "x": 150, "y": 100, "length": 80, "width": 60 },
          "low": 0, "high": 100, "fraction": { "min": 0.4 } }
        """;

    [Fact]
    public void A_dark_part_in_the_region_is_counted_exactly_and_passes()
    {
        // 60 × 40 dark part (40) on 200: 2400 of 4800 pixels, mean 120, deviation 80.
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(200));
        PartScenes.Fill(image, new Rect(120, 80, 60, 40), Scalar.All(40));

        var result = CheckRecipes.Inspect(CheckRecipes.Json(DarkPart), image);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(ToolStatus.Pass, result.Tool("part").Status);
        Assert.Equal((2400.0, "count"), (result.Measurement("part.pixels").Value, result.Measurement("part.pixels").Unit));
        Assert.Equal((0.5, "ratio"), (result.Measurement("part.fraction").Value, result.Measurement("part.fraction").Unit));
        Assert.Equal((120.0, "gray"), (result.Measurement("part.mean").Value, result.Measurement("part.mean").Unit));
        Assert.Equal(80.0, result.Measurement("part.stddev").Value, 9);
        Assert.Equal(0.4, result.Measurement("part.fraction").Nominal);
    }

    [Fact]
    public void An_empty_region_fails_for_presence_with_its_values_reported()
    {
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(200));

        var result = CheckRecipes.Inspect(CheckRecipes.Json(DarkPart), image);

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal(["PRESENCE"], result.Reasons);
        Assert.Equal(ToolStatus.Fail, result.Tool("part").Status);
        var fraction = result.Measurement("part.fraction");
        Assert.Equal((0.0, false), (fraction.Value, fraction.Pass));
        Assert.Equal(200.0, result.Measurement("part.mean").Value);
        var box = Assert.Single(result.Shapes);
        Assert.Equal((ShapeKind.Box, ShapeTone.Fail, "part 0% (mean 200)"), (box.Kind, box.Tone, box.Label));
    }

    [Fact]
    public void Tolerances_on_mean_and_deviation_judge_and_a_recipe_reason_replaces_the_default()
    {
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(200));
        PartScenes.Fill(image, new Rect(120, 80, 60, 40), Scalar.All(40));
        var tools = """
            { "name": "mean_ok", "type": "presence", "roi": { "x": 150, "y": 100, "length": 80, "width": 60 },
              "low": 0, "high": 100, "mean": { "nominal": 120, "tolerance": 1 } },
            { "name": "too_varied", "type": "presence", "roi": { "x": 150, "y": 100, "length": 80, "width": 60 },
              "low": 0, "high": 100, "stddev": { "max": 50 }, "reason": "LABEL_SMUDGED" }
            """;

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(ToolStatus.Pass, result.Tool("mean_ok").Status);
        Assert.Equal(ToolStatus.Fail, result.Tool("too_varied").Status);
        Assert.Equal(["LABEL_SMUDGED"], result.Reasons);
    }

    [Fact]
    public void A_fixtured_region_follows_a_turned_and_shifted_part()
    {
        // A dark 60 × 60 pad (30) at part (120, 40); the tool looks at 40 × 40 of it and at an empty spot at (−120, 40).
        var tools = """
            { "name": "pad", "type": "presence", "roi": { "x": 120, "y": 40, "length": 40, "width": 40 },
              "low": 0, "high": 100, "fraction": { "min": 0.6 } },
            { "name": "empty", "type": "presence", "roi": { "x": -120, "y": 40, "length": 40, "width": 40 },
              "low": 0, "high": 100, "fraction": { "min": 0.6 }, "reason": "PAD_MISSING" }
            """;
        var json = CheckRecipes.Json(tools, CheckRecipes.PlateFixture);
        var random = new Random(7);

        for (var trial = 0; trial < 6; trial++)
        {
            using var part = PartScenes.Plate(Scalar.All(210), MatType.CV_8UC1);
            PartScenes.Fill(part, PartScenes.At(part, 120, 40, 60, 60), Scalar.All(30));
            var (x, y, angle) = (300 + (random.NextDouble() * 200), 250 + (random.NextDouble() * 100), -40 + (random.NextDouble() * 80));
            using var image = PartScenes.Place(part, 800, 600, x, y, angle, Scalar.All(40));
            PartScenes.AddNoise(image, random, 2);

            var result = CheckRecipes.Inspect(json, image);

            output.WriteLine($"pose ({x:F1}, {y:F1}, {angle:F1}°): pad fraction {result.Measurement("pad.fraction").Value:F3} mean {result.Measurement("pad.mean").Value:F2}, empty {result.Measurement("empty.fraction").Value:F3}");
            Assert.Equal(ToolStatus.Pass, result.Tool("pad").Status);
            Assert.Equal(1.0, result.Measurement("pad.fraction").Value);
            Assert.Equal(30, result.Measurement("pad.mean").Value, 1.0);
            Assert.Equal(0.0, result.Measurement("empty.fraction").Value);
            Assert.Equal(["PAD_MISSING"], result.Reasons);
            var box = result.Shapes.Single(s => s.Label?.StartsWith("pad", StringComparison.Ordinal) == true);
            var (px, py) = new RotatedRoi(x, y, 440, 280, angle).ToImage(120, 40);
            Assert.Equal(px, box.X, 1.5);
            Assert.Equal(py, box.Y, 1.5);
            Assert.Equal(angle, box.Angle, 0.5);
        }
    }

    [Fact]
    public void A_turned_region_leaving_the_image_counts_only_pixels_inside_it()
    {
        // Uniform 90 everywhere: with any border fill counted, the mean would fall below 90.
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(90));
        var roi = new RotatedRoi(300, 120, 100, 40, 30);
        var tools = """
            { "name": "edge", "type": "presence", "roi": { "x": 300, "y": 120, "length": 100, "width": 40, "angle": 30 },
              "low": 0, "high": 100, "fraction": { "min": 0.99 } }
            """;

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        var inside = 0;
        for (var y = 0; y < 240; y++)
        {
            for (var x = 0; x < 320; x++)
            {
                inside += roi.Contains(x, y) ? 1 : 0;
            }
        }

        output.WriteLine($"pixels {result.Measurement("edge.pixels").Value} of about {inside} inside the image (region 4000)");
        Assert.Equal(ToolStatus.Pass, result.Tool("edge").Status);
        Assert.Equal(90.0, result.Measurement("edge.mean").Value, 9);
        Assert.Equal(0.0, result.Measurement("edge.stddev").Value, 9);
        Assert.Equal(inside, result.Measurement("edge.pixels").Value, inside * 0.05);
    }

    [Fact]
    public void A_region_wholly_outside_the_image_fails_with_no_pixels()
    {
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(40));
        var tools = """{ "name": "off", "type": "presence", "roi": { "x": 500, "y": 100, "length": 40, "width": 40, "angle": 10 }, "low": 0, "high": 100, "fraction": { "min": 0.5 } }""";

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(ToolStatus.Fail, result.Tool("off").Status);
        Assert.Equal(["PRESENCE"], result.Reasons);
        Assert.Equal(0.0, result.Measurement("off.pixels").Value);
        Assert.True(double.IsNaN(result.Measurement("off.fraction").Value));
    }

    [Theory]
    [InlineData("\"low\": 120, \"high\": 80, \"fraction\": { \"min\": 0.5 }", "tools[0].high: 80 is below low 120: the band [low, high] would be empty")]
    [InlineData("\"low\": 0, \"high\": 300, \"fraction\": { \"min\": 0.5 }", "tools[0].high: 300 is out of range [0, 255]")]
    [InlineData("\"fraction\": { \"min\": 0.5 }", "tools[0].low: is required (or high): the band of gray levels [low, high] that counts as the part")]
    [InlineData("\"low\": 0, \"high\": 100", "tools[0].fraction: is required (or a tolerance on pixels, mean or stddev): a presence tool without a tolerance checks nothing")]
    [InlineData("\"low\": 0, \"high\": 100, \"fraction\": { \"min\": 0.5, \"unit\": \"px\" }", "tools[0].fraction.unit: is 'px' but this value is measured in 'ratio'")]
    public void Parameter_mistakes_are_reported_with_their_path(string parameters, string expected)
    {
        var tools = $$"""{ "name": "p", "type": "presence", "roi": { "x": 50, "y": 50, "length": 20, "width": 20 }, {{parameters}} }""";

        Assert.Equal([expected], CheckRecipes.Errors(CheckRecipes.Json(tools)));
    }

    [Fact]
    public void A_presence_tool_needs_a_region()
    {
        var tools = """{ "name": "p", "type": "presence", "low": 0, "high": 100, "fraction": { "min": 0.5 } }""";

        Assert.Equal(["tools[0].roi: is required"], CheckRecipes.Errors(CheckRecipes.Json(tools)));
    }

    [Fact]
    public void Measuring_presence_allocates_nothing_upright_and_only_the_resampling_wrappers_when_turned()
    {
        using var image = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(200));
        PartScenes.Fill(image, new Rect(120, 80, 60, 40), Scalar.All(40));
        var upright = """{ "name": "upright", "type": "presence", "roi": { "x": 150, "y": 100, "length": 80, "width": 60 }, "low": 0, "high": 100, "fraction": { "min": 0.4 } }""";
        var turned = """{ "name": "turned", "type": "presence", "roi": { "x": 150, "y": 100, "length": 80, "width": 60, "angle": 17 }, "low": 0, "high": 100, "fraction": { "min": 0.4 } }""";
        var baseline = """{ "name": "baseline", "type": "presence", "roi": { "x": 10, "y": 10, "length": 4, "width": 4 }, "low": 0, "high": 100, "fraction": { "min": 0 } }""";
        var without = CheckRecipes.Json(baseline);

        var uprightBytes = CheckRecipes.ToolBytesPerFrame(CheckRecipes.Json(baseline + "," + upright), without, image);
        var turnedBytes = CheckRecipes.ToolBytesPerFrame(CheckRecipes.Json(baseline + "," + turned), without, image);

        // Measured: 0 B upright; a turned region pays the InputArray/OutputArray wrappers of one WarpAffine (312 B).
        output.WriteLine($"presence: upright {uprightBytes:F1} B/frame, turned {turnedBytes:F1} B/frame");
        Assert.True(Math.Abs(uprightBytes) < 1, $"upright region allocated {uprightBytes:F1} B/frame");
        Assert.True(turnedBytes < 400, $"turned region allocated {turnedBytes:F1} B/frame");
    }
}
