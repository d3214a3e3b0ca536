using System.Globalization;
using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

public sealed class LineToolTests
{
    private const double Dark = 50;
    private const double Light = 200;

    /// <summary>Dark above, light below a straight edge through (x, y) running at <paramref name="angleDeg"/>.</summary>
    private static Mat EdgeImage(double x, double y, double angleDeg)
    {
        var image = MeasureImages.Field(200, 160, Dark);
        var a = angleDeg * Math.PI / 180;
        double nx = -Math.Sin(a), ny = Math.Cos(a);
        MeasureImages.FillPolygon(image, MeasureImages.Rectangle(x + (200 * nx), y + (200 * ny), 1000, 400, angleDeg), Light);
        return image;
    }

    private static string Line(double x, double y, double angle, string extra) => string.Create(CultureInfo.InvariantCulture, $$"""
        { "name": "edge", "type": "line", "roi": { "x": {{x}}, "y": {{y}}, "length": 160, "width": 20, "angle": {{angle}} }{{extra}} }
        """);

    [Fact]
    public void Line_tool_without_a_fixture_reports_the_angle_of_a_tilted_edge_in_image_coordinates()
    {
        using var image = EdgeImage(100.3, 80.6, 7.3);
        var json = MeasureRecipe.Json(Line(100, 80, 5, """, "polarity": "darkToLight", "angle": { "nominal": 7.3, "tolerance": 0.1 }"""), fixture: null);

        var result = MeasureRecipe.Inspect(json, image);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(["edge.angle", "edge.straightness", "edge.rms"], result.Measurements.Select(m => m.Name));
        Assert.Equal(["deg", "px", "px"], result.Measurements.Select(m => m.Unit));
        Assert.Equal(7.3, result.Value("edge.angle"), 0.03);
        Assert.InRange(result.Value("edge.straightness"), 0, 0.15);
        Assert.InRange(result.Value("edge.rms"), 0, 0.05);
    }

    [Fact]
    public void Line_overlay_shows_the_region_the_edge_points_and_the_fitted_segment_with_its_angle()
    {
        using var image = EdgeImage(100.3, 80.6, 7.3);

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(100, 80, 5, ""), fixture: null), image);

        Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Box && s.Tone == ShapeTone.Region);
        Assert.Equal(10, result.Shapes.Count(s => s.Kind == ShapeKind.Dot && s.Tone == ShapeTone.Region));
        var segment = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Segment);
        Assert.Equal(ShapeTone.Pass, segment.Tone);
        Assert.Equal(7.3, Math.Atan2(segment.B - segment.Y, segment.A - segment.X) * 180 / Math.PI, 0.03);
        Assert.Equal(160, Math.Sqrt(Math.Pow(segment.A - segment.X, 2) + Math.Pow(segment.B - segment.Y, 2)), 0.5);
        Assert.Matches(@"^edge 7\.[23][0-9]{2}°$", segment.Label);
    }

    [Fact]
    public void Ransac_leaves_out_the_points_of_a_notch_and_straightness_counts_them_when_they_are_inliers()
    {
        // A horizontal edge at y = 60.4 with a 5.6 px deep notch under the calipers at x = 92 and 108 (of 10 from x = 28).
        using var image = EdgeImage(100, 60.4, 0);
        MeasureImages.FillPolygon(image, [new(88, 50), new(112, 50), new(112, 66), new(88, 66)], Dark);

        var strict = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(100, 62, 0, """, "straightness": { "max": 0.5 }"""), fixture: null), image);
        var loose = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(100, 62, 0, """, "inlierDistance": 10, "straightness": { "max": 0.5 }"""), fixture: null), image);

        Assert.Equal(ToolStatus.Pass, strict.Status("edge"));
        Assert.Equal(0, strict.Value("edge.angle"), 0.03);
        Assert.InRange(strict.Value("edge.straightness"), 0, 0.15);
        Assert.Equal(2, strict.Shapes.Count(s => s.Kind == ShapeKind.Dot && s.Tone == ShapeTone.Fail));

        // All ten points on the line: by symmetry it is level at their mean, 2 × 5.6 / 10 below the edge, so the spread is 5.6.
        Assert.Equal(ToolStatus.Fail, loose.Status("edge"));
        Assert.Equal(["LINE_GEOMETRY"], loose.Reasons);
        Assert.Equal(5.6, loose.Value("edge.straightness"), 0.05);
        Assert.Equal(0, loose.Value("edge.angle"), 0.03);
    }

    [Fact]
    public void A_line_tool_that_finds_fewer_edges_than_min_points_is_not_found()
    {
        using var image = EdgeImage(100, 60.4, 0);

        var opposite = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(100, 62, 0, """, "polarity": "lightToDark" """), fixture: null), image);
        using var half = EdgeImage(100, 60.4, 0);
        MeasureImages.FillBand(half, 85, 300, Light); // the right half has no edge: 4 of 10 calipers find one
        var few = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(100, 62, 0, ""), fixture: null), half);
        var enough = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(100, 62, 0, """, "minPoints": 4 """), fixture: null), half);

        Assert.Equal(ToolStatus.NotFound, opposite.Status("edge"));
        Assert.Equal(["EDGE_MISSING"], opposite.Reasons);
        Assert.Equal("edge not found (0 points)", Assert.Single(opposite.Shapes, s => s.Kind == ShapeKind.Box).Label);
        Assert.Equal(ToolStatus.NotFound, few.Status("edge"));
        Assert.Equal(ToolStatus.Pass, enough.Status("edge"));
    }

    [Fact]
    public void A_fixtured_line_reports_its_angle_against_the_part_axis_and_an_unfixtured_one_against_the_image()
    {
        const string Fixtured = """
            { "name": "top", "type": "line", "roi": { "x": 0, "y": -110, "length": 200, "width": 24, "angle": 0 }, "polarity": "darkToLight" },
            { "name": "back", "type": "line", "roi": { "x": 0, "y": -110, "length": 200, "width": 24, "angle": 180 }, "polarity": "lightToDark" }
            """;
        var random = new Random(47);

        foreach (var scene in (PlateScene[])[new(300.3, 250.8, -17.2), new(341.6, 228.1, 21.7)])
        {
            using var image = scene.Render(random);
            var edge = scene.ToImage(0, -110);

            var part = MeasureRecipe.Inspect(MeasureRecipe.Json(Fixtured), image);
            var plain = MeasureRecipe.Inspect(MeasureRecipe.Json(Line(edge.X, edge.Y, scene.AngleDeg, """, "polarity": "darkToLight" """), fixture: null), image);

            Assert.Equal(0, part.Value("top.angle"), 0.1);
            Assert.Equal(180, part.Value("back.angle"), 0.1); // near its region's 180°, never −180°
            Assert.Equal(scene.AngleDeg, plain.Value("edge.angle"), 0.03);
        }
    }

    [Theory]
    [InlineData(""", "calipers": 1 """, "tools[0].calipers: 1 is out of range [2, 500]")]
    [InlineData(""", "minPoints": 12 """, "tools[0].minPoints: 12 is more than the 10 calipers can find")]
    [InlineData(""", "inlierDistance": 0 """, "tools[0].inlierDistance: 0 is out of range [0.01, 10000]")]
    [InlineData(""", "calipersWidth": 0.5 """, "tools[0].calipersWidth: 0.5 is out of range [1, 10000]")]
    [InlineData(""", "straightness": { "max": 1, "unit": "mm" } """, "tools[0].straightness.unit: is 'mm' but this recipe reports this value in 'px' (millimetres need units mm and a calibration)")]
    [InlineData(""", "offset": 1 """, "tools[0].offset: unknown key (known keys: angle, calipers, calipersWidth, fixtured, inlierDistance, judge, minPoints, minStrength, name, notFoundReason, polarity, reason, rms, roi, sigma, straightness, type)")]
    public void Line_parameter_errors_name_the_tool_and_parameter(string extra, string error)
    {
        Assert.Equal([error], MeasureRecipe.Errors(MeasureRecipe.Json(Line(100, 62, 0, extra), fixture: null)));
    }
}
