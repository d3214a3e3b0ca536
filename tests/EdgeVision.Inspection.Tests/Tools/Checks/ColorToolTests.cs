using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

// Reference values: CIELAB (D65) and ΔE00 computed independently with the JavaScript library culori 4.0.2 (lab65
// converter, differenceCiede2000). Its sRGB matrix differs from ours in the last digits, so values agree to about 0.01.
public class ColorToolTests(ITestOutputHelper output)
{
    private const double LabAgreement = 0.02;
    private const double DeltaEAgreement = 0.01;

    // Patches (image x 20–99, 120–199, 220–299; y 20–79) on mid gray; each tool reads 60 × 40 inside one.
    private static readonly Scalar Red = new(0, 0, 255);
    private static readonly Scalar SteelBlue = new(200, 120, 40);

    [Fact]
    public void Pure_red_against_a_slightly_different_red_passes_with_the_independently_computed_delta_e()
    {
        using var image = Patches();
        var tools = """
            { "name": "red", "type": "color", "roi": { "x": 60, "y": 50, "length": 60, "width": 40 }, "referenceRgb": [250, 5, 5], "maxDeltaE": 2 }
            """;

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        var deltaE = result.Measurement("red.deltaE");
        output.WriteLine($"ΔE00 red vs (250, 5, 5): {deltaE.Value:F4} (culori 1.0533)");
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(1.0533, deltaE.Value, DeltaEAgreement);
        Assert.Equal(("lab", 0.0, 0.0, 2.0), (deltaE.Unit, deltaE.Nominal, deltaE.Minus, deltaE.Plus));
        Assert.Equal(53.2371, result.Measurement("red.L").Value, LabAgreement);
        Assert.Equal(80.0901, result.Measurement("red.a").Value, LabAgreement);
        Assert.Equal(67.2033, result.Measurement("red.b").Value, LabAgreement);
        var box = Assert.Single(result.Shapes);
        Assert.Equal((ShapeKind.Box, ShapeTone.Pass, "red dE 1.1"), (box.Kind, box.Tone, box.Label));
    }

    [Fact]
    public void A_colour_further_than_max_delta_e_from_the_reference_fails_for_colour()
    {
        using var image = Patches();
        var tools = """
            { "name": "red", "type": "color", "roi": { "x": 60, "y": 50, "length": 60, "width": 40 }, "referenceRgb": [230, 20, 10], "maxDeltaE": 2 }
            """;

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(Verdict.Fail, result.Verdict);
        Assert.Equal(["COLOR"], result.Reasons);
        Assert.Equal(ToolStatus.Fail, result.Tool("red").Status);
        Assert.Equal(4.9560, result.Measurement("red.deltaE").Value, DeltaEAgreement);
        Assert.False(result.Measurement("red.deltaE").Pass);
    }

    [Fact]
    public void A_lab_reference_and_tolerances_on_l_a_b_judge_each_axis()
    {
        // Patch (40, 120, 200): L 49.5606, a 4.6265, b −48.3121. Reference = sRGB (45, 118, 190): ΔE00 1.2309.
        using var image = Patches();
        var tools = """
            { "name": "blue", "type": "color", "roi": { "x": 160, "y": 50, "length": 60, "width": 40 },
              "reference": { "L": 48.5505, "a": 2.6682, "b": -44.1741 }, "maxDeltaE": 1.5,
              "L": { "nominal": 49.5, "tolerance": 0.5 }, "a": { "min": 3, "max": 6 }, "b": { "min": -47 }, "reason": "BLUE_OFF" }
            """;

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(1.2309, result.Measurement("blue.deltaE").Value, DeltaEAgreement);
        Assert.Equal(49.5606, result.Measurement("blue.L").Value, LabAgreement);
        Assert.Equal(4.6265, result.Measurement("blue.a").Value, LabAgreement);
        Assert.Equal(-48.3121, result.Measurement("blue.b").Value, LabAgreement);
        Assert.Equal([true, true, true, false], new[] { "deltaE", "L", "a", "b" }.Select(o => result.Measurement("blue." + o).Pass));
        Assert.Equal(["BLUE_OFF"], result.Reasons);
    }

    [Fact]
    public void The_spread_of_a_two_colour_checkerboard_is_the_mean_delta_e_of_its_colours_from_their_mean()
    {
        // 1-pixel checkerboard of (200, 60, 60) and (180, 80, 70): mean L 46.7927 a 47.4764 b 29.0389, spread 2.4534.
        using var image = Patches();
        using (var board = image[new Rect(220, 20, 80, 60)])
        {
            for (var y = 0; y < 60; y++)
            {
                for (var x = 0; x < 80; x++)
                {
                    board.Set(y, x, (x + y) % 2 == 0 ? new Vec3b(60, 60, 200) : new Vec3b(70, 80, 180));
                }
            }
        }

        var tools = """
            { "name": "mixed", "type": "color", "roi": { "x": 260, "y": 50, "length": 60, "width": 40 }, "referenceRgb": [190, 70, 65],
              "maxDeltaE": 1, "measureSpread": true, "spread": { "max": 2 } },
            { "name": "flat", "type": "color", "roi": { "x": 60, "y": 50, "length": 60, "width": 40 }, "referenceRgb": [255, 0, 0],
              "maxDeltaE": 0.01, "measureSpread": true, "spread": { "max": 0.001 } }
            """;

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        output.WriteLine($"spread {result.Measurement("mixed.spread").Value:F4} (culori 2.4534), ΔE00 {result.Measurement("mixed.deltaE").Value:F4} (culori 0.3355)");
        Assert.Equal(2.4534, result.Measurement("mixed.spread").Value, DeltaEAgreement);
        Assert.Equal(0.3355, result.Measurement("mixed.deltaE").Value, DeltaEAgreement);
        Assert.Equal(46.7927, result.Measurement("mixed.L").Value, LabAgreement);
        Assert.Equal(ToolStatus.Fail, result.Tool("mixed").Status);
        Assert.Equal(ToolStatus.Pass, result.Tool("flat").Status);
        Assert.Equal(0.0, result.Measurement("flat.spread").Value, 9);
        Assert.Equal(0.0, result.Measurement("flat.deltaE").Value, 9);
    }

    [Fact]
    public void Without_measure_spread_there_is_no_spread_output()
    {
        using var image = Patches();
        var tools = """{ "name": "red", "type": "color", "roi": { "x": 60, "y": 50, "length": 60, "width": 40 }, "referenceRgb": [255, 0, 0], "maxDeltaE": 1 }""";

        var result = CheckRecipes.Inspect(CheckRecipes.Json(tools), image);

        Assert.Equal(["red.deltaE", "red.L", "red.a", "red.b"], result.Measurements.Select(m => m.Name));
    }

    [Fact]
    public void A_fixtured_colour_region_follows_a_turned_part_onto_its_label()
    {
        // A steel-blue label (40, 120, 200) of 100 × 60 at part (−100, 30) on a light gray plate; the tool reads 70 × 40 of it.
        var tools = """
            { "name": "label", "type": "color", "roi": { "x": -100, "y": 30, "length": 70, "width": 40 }, "referenceRgb": [40, 120, 200], "maxDeltaE": 1 },
            { "name": "plate", "type": "color", "roi": { "x": 100, "y": -30, "length": 70, "width": 40 }, "referenceRgb": [40, 120, 200], "maxDeltaE": 1 }
            """;
        var json = CheckRecipes.Json(tools, CheckRecipes.PlateFixture);
        var random = new Random(12);

        for (var trial = 0; trial < 5; trial++)
        {
            using var part = PartScenes.Plate(new Scalar(215, 215, 215), MatType.CV_8UC3);
            PartScenes.Fill(part, PartScenes.At(part, -100, 30, 100, 60), SteelBlue);
            var (x, y, angle) = (300 + (random.NextDouble() * 200), 250 + (random.NextDouble() * 100), -45 + (random.NextDouble() * 90));
            using var image = PartScenes.Place(part, 800, 600, x, y, angle, new Scalar(30, 30, 30));

            var result = CheckRecipes.Inspect(json, image);

            var deltaE = result.Measurement("label.deltaE").Value;
            output.WriteLine($"pose ({x:F1}, {y:F1}, {angle:F1}°): label ΔE00 {deltaE:F5}, plate ΔE00 {result.Measurement("plate.deltaE").Value:F1}");
            Assert.Equal(ToolStatus.Pass, result.Tool("label").Status);
            Assert.True(deltaE < 0.05, $"label ΔE00 {deltaE}");
            Assert.Equal(ToolStatus.Fail, result.Tool("plate").Status);
            Assert.Equal(["COLOR"], result.Reasons);
            var box = result.Shapes.Single(s => s.Label?.StartsWith("label", StringComparison.Ordinal) == true);
            var (px, py) = new RotatedRoi(x, y, 440, 280, angle).ToImage(-100, 30);
            Assert.Equal(px, box.X, 1.5);
            Assert.Equal(py, box.Y, 1.5);
        }
    }

    [Theory]
    [InlineData("\"maxDeltaE\": 2", "tools[0].reference: is required ({ \"L\": …, \"a\": …, \"b\": … }), or referenceRgb ([r, g, b] in 8-bit sRGB)")]
    [InlineData("\"referenceRgb\": [1, 2, 3], \"reference\": { \"L\": 50, \"a\": 0, \"b\": 0 }, \"maxDeltaE\": 2", "tools[0].reference: is given together with referenceRgb: give one of them")]
    [InlineData("\"referenceRgb\": [1, 256, 3], \"maxDeltaE\": 2", "tools[0].referenceRgb[1]: 256 is out of range [0, 255]")]
    [InlineData("\"referenceRgb\": [1, 2], \"maxDeltaE\": 2", "tools[0].referenceRgb: expected an array of 3 numbers, got an array of 2")]
    [InlineData("\"reference\": { \"L\": 50, \"a\": 0 }, \"maxDeltaE\": 2", "tools[0].reference.b: is required")]
    [InlineData("\"reference\": { \"L\": 150, \"a\": 0, \"b\": 0 }, \"maxDeltaE\": 2", "tools[0].reference.L: 150 is out of range [0, 100]")]
    [InlineData("\"referenceRgb\": [1, 2, 3]", "tools[0].maxDeltaE: is required: the largest ΔE00 of the region's mean colour from the reference that passes")]
    [InlineData("\"referenceRgb\": [1, 2, 3], \"maxDeltaE\": 2, \"spread\": { \"max\": 1 }", "tools[0].spread: needs \"measureSpread\": true (the spread is only measured on request)")]
    public void Parameter_mistakes_are_reported_with_their_path(string parameters, string expected)
    {
        var tools = $$"""{ "name": "c", "type": "color", "roi": { "x": 50, "y": 50, "length": 20, "width": 20 }, {{parameters}} }""";

        Assert.Equal([expected], CheckRecipes.Errors(CheckRecipes.Json(tools)));
    }

    [Fact]
    public void Measuring_colour_allocates_nothing_upright_and_only_the_resampling_wrappers_when_turned()
    {
        using var image = Patches();
        var upright = """{ "name": "upright", "type": "color", "roi": { "x": 160, "y": 50, "length": 60, "width": 40 }, "referenceRgb": [40, 120, 200], "maxDeltaE": 1, "measureSpread": true }""";
        var turned = """{ "name": "turned", "type": "color", "roi": { "x": 160, "y": 50, "length": 50, "width": 30, "angle": -21 }, "referenceRgb": [40, 120, 200], "maxDeltaE": 1 }""";
        var baseline = """{ "name": "baseline", "type": "color", "roi": { "x": 10, "y": 10, "length": 4, "width": 4 }, "referenceRgb": [0, 0, 0], "maxDeltaE": 100 }""";
        var without = CheckRecipes.Json(baseline);

        var uprightBytes = CheckRecipes.ToolBytesPerFrame(CheckRecipes.Json(baseline + "," + upright), without, image);
        var turnedBytes = CheckRecipes.ToolBytesPerFrame(CheckRecipes.Json(baseline + "," + turned), without, image);

        // Measured: 0 B upright; a turned region pays the InputArray/OutputArray wrappers of one WarpAffine (312 B).
        output.WriteLine($"colour: upright {uprightBytes:F1} B/frame, turned {turnedBytes:F1} B/frame");
        Assert.True(Math.Abs(uprightBytes) < 1, $"upright region allocated {uprightBytes:F1} B/frame");
        Assert.True(turnedBytes < 400, $"turned region allocated {turnedBytes:F1} B/frame");
    }

    // Mid-gray BGR frame with a pure red and a steel-blue patch.
    private static Mat Patches()
    {
        var image = new Mat(240, 320, MatType.CV_8UC3, new Scalar(128, 128, 128));
        PartScenes.Fill(image, new Rect(20, 20, 80, 60), Red);
        PartScenes.Fill(image, new Rect(120, 20, 80, 60), SteelBlue);
        return image;
    }
}
