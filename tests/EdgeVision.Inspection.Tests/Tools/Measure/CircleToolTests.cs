using System.Globalization;
using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

public sealed class CircleToolTests
{
    private const double Dark = 50;
    private const double Light = 200;

    /// <summary>A dark hole of diameter 41.3 at (80.4, 69.7) in a light surface.</summary>
    private static Mat HoleImage()
    {
        var image = MeasureImages.Field(160, 140, Light);
        MeasureImages.FillDisc(image, 80.4, 69.7, 41.3 / 2, Dark);
        return image;
    }

    private static string Circle(string extra) =>
        $$"""{ "name": "bore", "type": "circle", "x": 79, "y": 70.5, "radius": 20, "searchLength": 12{{extra}} }""";

    [Fact]
    public void Circle_tool_measures_diameter_roundness_and_the_offset_from_the_nominal_centre()
    {
        using var image = HoleImage();
        var json = MeasureRecipe.Json(Circle(""", "polarity": "darkToLight", "diameter": { "nominal": 41.3, "tolerance": 0.2 }, "roundness": { "max": 0.3 }"""), fixture: null);

        var result = MeasureRecipe.Inspect(json, image);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(["bore.diameter", "bore.roundness", "bore.offset"], result.Measurements.Select(m => m.Name));
        Assert.All(result.Measurements, m => Assert.Equal("px", m.Unit));
        Assert.Equal(41.3, result.Value("bore.diameter"), 0.1);
        Assert.InRange(result.Value("bore.roundness"), 0, 0.3);
        Assert.Equal(Math.Sqrt((1.4 * 1.4) + (0.8 * 0.8)), result.Value("bore.offset"), 0.05);
    }

    [Fact]
    public void Circle_overlay_shows_the_nominal_circle_the_points_and_the_fitted_circle_with_its_diameter()
    {
        using var image = HoleImage();

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(Circle(""), fixture: null), image);

        var nominal = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Circle && s.Tone == ShapeTone.Region);
        Assert.Equal((79.0, 70.5, 20.0), (nominal.X, nominal.Y, nominal.A));
        Assert.Equal(24, result.Shapes.Count(s => s.Kind == ShapeKind.Dot));
        var fitted = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Circle && s.Tone == ShapeTone.Pass);
        Assert.Equal(80.4, fitted.X, 0.05);
        Assert.Equal(69.7, fitted.Y, 0.05);
        Assert.Equal(41.3 / 2, fitted.A, 0.05);
        Assert.Matches(@"^bore Ø 41\.[23][0-9]{2} px$", fitted.Label);
    }

    [Fact]
    public void An_oval_hole_fails_on_roundness_with_the_reason_a_rule_gives_that_output()
    {
        // A 720-gon ellipse with semi-axes 21.5 and 19.5: calipers at 0° and 90° see both, so roundness is their difference.
        using var image = MeasureImages.Field(160, 140, Light);
        var ellipse = new Point2d[720];
        for (var i = 0; i < ellipse.Length; i++)
        {
            var a = 2 * Math.PI * i / ellipse.Length;
            ellipse[i] = new Point2d(80.4 + (21.5 * Math.Cos(a)), 69.7 + (19.5 * Math.Sin(a)));
        }

        MeasureImages.FillPolygon(image, ellipse, Dark);
        var json = MeasureRecipe.Json(
            Circle(""", "inlierDistance": 3, "roundness": { "max": 0.5 }, "diameter": { "nominal": 41, "tolerance": 1 }"""),
            fixture: null,
            extra: """ "rules": [{ "reason": "OVAL", "tools": ["bore.roundness"] }]""");

        var result = MeasureRecipe.Inspect(json, image);

        Assert.Equal(ToolStatus.Fail, result.Status("bore"));
        Assert.Equal(["OVAL"], result.Reasons);
        Assert.Equal(2, result.Value("bore.roundness"), 0.1);
        Assert.True(result.Measurement("bore.diameter").Pass);
    }

    [Fact]
    public void A_circle_tool_that_finds_too_few_edges_is_not_found()
    {
        using var flat = MeasureImages.Field(160, 140, Light);
        using var hole = HoleImage();

        var missing = MeasureRecipe.Inspect(MeasureRecipe.Json(Circle(""), fixture: null), flat);
        var wrongPolarity = MeasureRecipe.Inspect(MeasureRecipe.Json(Circle(""", "polarity": "lightToDark" """), fixture: null), hole);

        Assert.Equal(ToolStatus.NotFound, missing.Status("bore"));
        Assert.Equal(["CIRCLE_MISSING"], missing.Reasons);
        Assert.All(missing.Measurements, m => Assert.True(double.IsNaN(m.Value) && !m.Pass));
        Assert.Equal("bore not found (0 points)", Assert.Single(missing.Shapes).Label);
        Assert.Equal(ToolStatus.NotFound, wrongPolarity.Status("bore"));
    }

    [Fact]
    public void A_fixtured_circle_follows_the_part()
    {
        var left = PlateScene.LeftHole;
        var tool = string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "hole", "type": "circle", "x": {{left.U}}, "y": {{left.V}}, "radius": 20, "searchLength": 12, "polarity": "darkToLight",
              "diameter": { "nominal": 40, "tolerance": 0.1 }, "offset": { "max": 1 } }
            """);
        var random = new Random(53);

        foreach (var scene in (PlateScene[])[new(300.3, 250.8, -17.2), new(341.6, 228.1, 21.7)])
        {
            using var image = scene.Render(random);

            var result = MeasureRecipe.Inspect(MeasureRecipe.Json(tool), image);

            Assert.Equal(Verdict.Pass, result.Verdict);
            var centre = scene.ToImage(left.U, left.V);
            var fitted = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Circle && s.Tone == ShapeTone.Pass);
            Assert.Equal(centre.X, fitted.X, 0.05);
            Assert.Equal(centre.Y, fitted.Y, 0.05);
        }
    }

    [Theory]
    [InlineData(""", "searchLength": 40 """, "tools[0].searchLength: 40 px reaches past the centre of a circle of radius 20 px (keep it under 40)")]
    [InlineData(""", "calipers": 2 """, "tools[0].calipers: 2 is out of range [3, 720]")]
    [InlineData(""", "minPoints": 25 """, "tools[0].minPoints: 25 is more than the 24 calipers can find")]
    [InlineData(""", "roi": { "x": 79, "y": 70, "length": 40, "width": 40 } """, "tools[0].roi: is not used by a circle tool")]
    [InlineData(""", "polarity": "outward" """, "tools[0].polarity: 'outward' is not one of: any, darkToLight, lightToDark")]
    public void Circle_parameter_errors_name_the_tool_and_parameter(string extra, string error)
    {
        Assert.Equal([error], MeasureRecipe.Errors(MeasureRecipe.Json(Circle(extra), fixture: null)));
    }

    [Fact]
    public void A_circle_needs_its_nominal_radius()
    {
        var errors = MeasureRecipe.Errors(MeasureRecipe.Json("""{ "name": "bore", "type": "circle", "x": 10, "y": 10 }""", fixture: null));

        Assert.Equal(["tools[0].radius: is required: the nominal radius in pixels, where the calipers search"], errors);
    }
}
