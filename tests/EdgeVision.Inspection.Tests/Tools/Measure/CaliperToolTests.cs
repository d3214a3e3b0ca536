using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

public sealed class CaliperToolTests
{
    private const double Dark = 50;
    private const double Light = 200;

    /// <summary>A dark field, light from x = 80.37 rightward: a vertical dark-to-light edge 5.37 px right of x = 75.</summary>
    private static Mat EdgeImage()
    {
        var image = MeasureImages.Field(160, 120, Dark);
        MeasureImages.FillBand(image, 80.37, 400, Light);
        return image;
    }

    private static string Edge(string extra) =>
        $$"""{ "name": "edge", "type": "caliper", "roi": { "x": 75, "y": 60, "length": 40, "width": 5, "angle": 0 }{{extra}} }""";

    [Fact]
    public void Caliper_in_edge_mode_reports_the_edge_position_from_its_centre()
    {
        using var image = EdgeImage();
        var json = MeasureRecipe.Json(Edge(""", "polarity": "darkToLight", "position": { "nominal": 5, "tolerance": 1 }"""), fixture: null);

        var result = MeasureRecipe.Inspect(json, image);

        var position = result.Measurement("edge.position");
        Assert.Equal(5.37, position.Value, 0.05);
        Assert.Equal(("px", 5.0, 1.0, 1.0, true), (position.Unit, position.Nominal, position.Minus, position.Plus, position.Pass));
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Empty(result.Reasons);
        Assert.Equal(ToolStatus.Pass, result.Status("edge"));
    }

    [Fact]
    public void Caliper_overlay_shows_its_box_and_the_edge_across_it_with_a_label()
    {
        using var image = EdgeImage();

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(Edge(""", "position": { "nominal": 5, "tolerance": 1 }"""), fixture: null), image);

        var box = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Box);
        Assert.Equal((ShapeTone.Region, 75.0, 60.0, 40.0, 5.0, 0.0), (box.Tone, box.X, box.Y, box.A, box.B, box.Angle));
        var edge = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Segment);
        Assert.Equal(ShapeTone.Pass, edge.Tone);
        Assert.Equal(80.37, edge.X, 0.05);
        Assert.Equal(80.37, edge.A, 0.05);
        Assert.Equal((57.5, 62.5), (edge.Y, edge.B));
        Assert.Matches(@"^edge 5\.3[0-9]{2} px$", edge.Label);
    }

    [Fact]
    public void An_edge_outside_the_position_tolerance_fails_with_the_caliper_reason_or_the_recipe_one()
    {
        using var image = EdgeImage();

        var byDefault = MeasureRecipe.Inspect(MeasureRecipe.Json(Edge(""", "position": { "nominal": 0, "tolerance": 1 }"""), fixture: null), image);
        var named = MeasureRecipe.Inspect(MeasureRecipe.Json(Edge(""", "reason": "EDGE_SHIFTED", "position": { "max": 5 }"""), fixture: null), image);

        Assert.Equal(ToolStatus.Fail, byDefault.Status("edge"));
        Assert.Equal(["CALIPER_DIMENSION"], byDefault.Reasons);
        Assert.False(byDefault.Measurement("edge.position").Pass);
        Assert.Equal(ShapeTone.Fail, Assert.Single(byDefault.Shapes, s => s.Kind == ShapeKind.Segment).Tone);
        Assert.Equal(["EDGE_SHIFTED"], named.Reasons);
    }

    [Fact]
    public void A_caliper_that_finds_no_edge_of_its_polarity_is_not_found()
    {
        using var image = EdgeImage();

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(Edge(""", "polarity": "lightToDark" """), fixture: null), image);

        Assert.Equal(ToolStatus.NotFound, result.Status("edge"));
        Assert.Equal(["EDGE_MISSING"], result.Reasons);
        var position = result.Measurement("edge.position");
        Assert.True(double.IsNaN(position.Value) && !position.Pass);
        Assert.Equal("edge not found", Assert.Single(result.Shapes).Label);
    }

    [Fact]
    public void A_pair_caliper_measures_the_width_and_centre_of_the_pair_closest_to_the_expected_width()
    {
        // Two light stripes on dark: 10.3 px wide from x = 40.6, 25.7 px wide from x = 70.2.
        using var image = MeasureImages.Field(160, 120, Dark);
        MeasureImages.FillBand(image, 40.6, 50.9, Light);
        MeasureImages.FillBand(image, 70.2, 95.9, Light);
        string Pair(double expected) => $$"""
            { "name": "stripe", "type": "caliper", "roi": { "x": 70, "y": 60, "length": 80, "width": 7, "angle": 0 },
              "mode": "pair", "first": "darkToLight", "second": "lightToDark", "expectedWidth": {{expected}} }
            """;

        var wide = MeasureRecipe.Inspect(MeasureRecipe.Json(Pair(25), fixture: null), image);
        var narrow = MeasureRecipe.Inspect(MeasureRecipe.Json(Pair(10), fixture: null), image);

        Assert.Equal(["stripe.width", "stripe.position"], wide.Measurements.Select(m => m.Name));
        Assert.Equal(25.7, wide.Value("stripe.width"), 0.05);
        Assert.Equal(83.05 - 70, wide.Value("stripe.position"), 0.05);
        Assert.Equal(10.3, narrow.Value("stripe.width"), 0.05);
        Assert.Equal(45.75 - 70, narrow.Value("stripe.position"), 0.05);
        Assert.Equal(2, wide.Shapes.Count(s => s.Kind == ShapeKind.Segment));
        Assert.Matches(@"^stripe 25\.[67][0-9]{2} px$", Assert.Single(wide.Labelled("stripe")).Label);
    }

    [Fact]
    public void A_fixtured_pair_caliper_follows_the_part_and_measures_its_width()
    {
        const string Tool = """
            { "name": "width", "type": "caliper", "roi": { "x": 150, "y": 0, "length": 260, "width": 9, "angle": 90 },
              "mode": "pair", "first": "darkToLight", "second": "lightToDark", "width": { "nominal": 220, "tolerance": 0.2 } }
            """;
        var random = new Random(31);

        foreach (var scene in (PlateScene[])[new(300.3, 250.8, -17.2), new(341.6, 228.1, 21.7)])
        {
            using var image = scene.Render(random);

            var result = MeasureRecipe.Inspect(MeasureRecipe.Json(Tool), image);

            Assert.Equal(Verdict.Pass, result.Verdict);
            Assert.Equal(PlateScene.PlateWidth, result.Value("width.width"), 0.1);
            Assert.Equal(0, result.Value("width.position"), 0.5);
            var box = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Box && s.Tone == ShapeTone.Region && s.A == 260);
            var centre = scene.ToImage(150, 0);
            Assert.Equal(centre.X, box.X, 0.5);
            Assert.Equal(centre.Y, box.Y, 0.5);
            Assert.Equal(90 + scene.AngleDeg, box.Angle, 0.2);
        }
    }

    [Theory]
    [InlineData(""", "mode": "pairs" """, "tools[0].mode: 'pairs' is not one of: edge, pair")]
    [InlineData(""", "first": "darkToLight" """, "tools[0].first: is for mode 'pair' (this caliper is in mode 'edge')")]
    [InlineData(""", "mode": "pair", "polarity": "any" """, "tools[0].polarity: is for mode 'edge' (this caliper is in mode 'pair', which uses first and second)")]
    [InlineData(""", "polarity": "up" """, "tools[0].polarity: 'up' is not one of: any, darkToLight, lightToDark")]
    [InlineData(""", "sigma": 11 """, "tools[0].sigma: 11 is out of range [0, 10]")]
    [InlineData(""", "minStrength": -1 """, "tools[0].minStrength: -1 is out of range [0, 255]")]
    [InlineData(""", "mode": "pair", "expectedWidth": 50 """, "tools[0].expectedWidth: 50 px does not fit in the caliper's length of 40 px")]
    [InlineData(""", "position": { "nominal": 5 } """, "tools[0].position.tolerance: is required (or give minus and plus)")]
    public void Caliper_parameter_errors_name_the_tool_and_parameter(string extra, string error)
    {
        Assert.Equal([error], MeasureRecipe.Errors(MeasureRecipe.Json(Edge(extra), fixture: null)));
    }

    [Fact]
    public void A_caliper_needs_a_region()
    {
        var errors = MeasureRecipe.Errors(MeasureRecipe.Json("""{ "name": "edge", "type": "caliper" }""", fixture: null));

        Assert.Equal(["tools[0].roi: is required"], errors);
    }
}
