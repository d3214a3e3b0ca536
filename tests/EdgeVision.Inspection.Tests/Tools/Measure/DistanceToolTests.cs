using System.Globalization;
using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

public sealed class DistanceToolTests
{
    private const double Dark = 50;
    private const double Light = 200;

    /// <summary>A light vertical stripe from x = 70.2 to 95.9 on dark.</summary>
    private static Mat StripeImage()
    {
        var image = MeasureImages.Field(160, 120, Dark);
        MeasureImages.FillBand(image, 70.2, 95.9, Light);
        return image;
    }

    private const string LeftEdge = """{ "name": "left", "type": "caliper", "roi": { "x": 70, "y": 30, "length": 20, "width": 5, "angle": 0 }, "polarity": "darkToLight" }""";
    private const string RightEdge = """{ "name": "right", "type": "caliper", "roi": { "x": 96, "y": 90, "length": 20, "width": 5, "angle": 0 }, "polarity": "lightToDark" }""";
    private const string RightLine = """{ "name": "side", "type": "line", "roi": { "x": 96, "y": 60, "length": 100, "width": 16, "angle": 90 }, "polarity": "darkToLight" }""";

    [Fact]
    public void Distance_between_two_caliper_points_is_their_straight_line_distance()
    {
        using var image = StripeImage();
        var json = MeasureRecipe.Json($$"""{{LeftEdge}}, {{RightEdge}}, { "name": "gap", "type": "distance", "from": "left", "to": "right", "distance": { "nominal": 39.7, "tolerance": 0.2 } }""", fixture: null);

        var result = MeasureRecipe.Inspect(json, image);

        var gap = result.Measurement("gap.distance");
        Assert.Equal(Math.Sqrt((25.7 * 25.7) + (60 * 60)), gap.Value, 0.05);
        Assert.Equal(("px", false), (gap.Unit, gap.Pass)); // 65.3 px is far from the nominal 39.7
        Assert.Equal(["DISTANCE"], result.Reasons);
        var segment = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Segment && s.Label is not null && s.Label.StartsWith("gap", StringComparison.Ordinal));
        Assert.Equal(ShapeTone.Fail, segment.Tone);
        Assert.Equal((70.2, 30, 95.9, 90), (segment.X, segment.Y, segment.A, segment.B), new PointComparer(0.05));
        Assert.Matches(@"^gap 65\.[23][0-9]{2} px$", segment.Label);
    }

    [Fact]
    public void Distance_between_a_point_and_a_line_is_perpendicular_whichever_comes_first()
    {
        using var image = StripeImage();

        var pointToLine = MeasureRecipe.Inspect(MeasureRecipe.Json($$"""{{LeftEdge}}, {{RightLine}}, { "name": "gap", "type": "distance", "from": "left", "to": "side" }""", fixture: null), image);
        var lineToPoint = MeasureRecipe.Inspect(MeasureRecipe.Json($$"""{{LeftEdge}}, {{RightLine}}, { "name": "gap", "type": "distance", "from": "side", "to": "left" }""", fixture: null), image);

        Assert.Equal(25.7, pointToLine.Value("gap.distance"), 0.05);
        Assert.Equal(25.7, lineToPoint.Value("gap.distance"), 0.05);
        var foot = Assert.Single(pointToLine.Labelled("gap"));
        Assert.Equal((70.2, 30, 95.9, 30), (foot.X, foot.Y, foot.A, foot.B), new PointComparer(0.05));
    }

    [Fact]
    public void Distance_between_two_parallel_lines_is_the_width_between_them()
    {
        // A light band 30.4 px wide at 12°, centred at (100.3, 80.2): one line tool on each side.
        const double Width = 30.4, Angle = 12;
        using var image = MeasureImages.Field(200, 160, Dark);
        MeasureImages.FillPolygon(image, MeasureImages.Rectangle(100.3, 80.2, 600, Width, Angle), Light);
        // The lower region sits 25 px further along the band: the distance is still the perpendicular one.
        var a = Angle * Math.PI / 180;
        double nx = -Math.Sin(a) * Width / 2, ny = Math.Cos(a) * Width / 2, ax = 25 * Math.Cos(a), ay = 25 * Math.Sin(a);
        var tools = string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "upper", "type": "line", "roi": { "x": {{100 - nx}}, "y": {{80 - ny}}, "length": 120, "width": 16, "angle": {{Angle}} }, "polarity": "darkToLight" },
            { "name": "lower", "type": "line", "roi": { "x": {{100 + nx + ax}}, "y": {{80 + ny + ay}}, "length": 120, "width": 16, "angle": {{Angle}} }, "polarity": "lightToDark" },
            { "name": "band", "type": "distance", "from": "upper", "to": "lower", "distance": { "nominal": 30.4, "tolerance": 0.1 } }
            """);

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(tools, fixture: null), image);

        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(Width, result.Value("band.distance"), 0.05);
        var segment = Assert.Single(result.Labelled("band"));
        Assert.Equal(Width, Math.Sqrt(Math.Pow(segment.A - segment.X, 2) + Math.Pow(segment.B - segment.Y, 2)), 0.05);
    }

    [Fact]
    public void Distance_from_the_fixture_is_measured_from_the_part_centre()
    {
        var left = PlateScene.LeftHole;
        var tools = string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "hole", "type": "circle", "x": {{left.U}}, "y": {{left.V}}, "radius": 20, "searchLength": 12, "polarity": "darkToLight" },
            { "name": "from_centre", "type": "distance", "from": "part", "to": "hole" }
            """);
        using var image = new PlateScene(310.2, 247.7, 8.3).Render(new Random(5));

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(tools), image);

        // The blob's rectangle centre carries the fixture's own error (a few tenths of a pixel at most).
        Assert.Equal(Math.Sqrt((left.U * left.U) + (left.V * left.V)), result.Value("from_centre.distance"), 0.5);
    }

    [Fact]
    public void A_distance_whose_input_found_nothing_is_not_found_and_both_reasons_are_reported()
    {
        using var image = StripeImage();
        var tools = """
            { "name": "bore", "type": "circle", "x": 30, "y": 60, "radius": 10 },
            { "name": "right", "type": "caliper", "roi": { "x": 96, "y": 90, "length": 20, "width": 5, "angle": 0 } },
            { "name": "gap", "type": "distance", "from": "bore", "to": "right" }
            """;

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(tools, fixture: null), image);

        Assert.Equal([ToolStatus.NotFound, ToolStatus.Pass, ToolStatus.NotFound], result.Tools.Select(t => t.Status));
        Assert.Equal(["CIRCLE_MISSING", "FEATURE_MISSING"], result.Reasons);
        Assert.True(double.IsNaN(result.Value("gap.distance")));
        Assert.Empty(result.Labelled("gap"));
    }

    [Fact]
    public void Without_a_part_the_fixtured_distance_is_skipped_and_only_the_part_is_reported_missing()
    {
        using var image = MeasureImages.Field(PlateScene.ImageWidth, PlateScene.ImageHeight, PlateScene.Background);
        var tools = """
            { "name": "hole", "type": "circle", "x": -110, "y": -30, "radius": 20 },
            { "name": "from_centre", "type": "distance", "from": "part", "to": "hole" }
            """;

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json(tools), image);

        Assert.Equal([ToolStatus.NotFound, ToolStatus.Skipped, ToolStatus.Skipped], result.Tools.Select(t => t.Status));
        Assert.Equal(["PART_NOT_FOUND"], result.Reasons);
    }

    [Theory]
    [InlineData("""{ "name": "gap", "type": "distance", "from": "nope", "to": "left" }""", "tools[2].from: 'nope' is not the name of an earlier tool (tools run in order; known: left, right)")]
    [InlineData("""{ "name": "gap", "type": "distance", "from": "left", "to": "left" }""", "tools[2].to: names the same tool as from ('left'); a distance needs two features")]
    [InlineData("""{ "name": "gap", "type": "distance", "from": "left" }""", "tools[2].to: is required")]
    [InlineData("""{ "name": "gap", "type": "distance", "from": "left", "to": "right", "roi": { "x": 0, "y": 0, "length": 9, "width": 9 } }""", "tools[2].roi: is not used by a distance tool")]
    [InlineData("""{ "name": "gap", "type": "distance", "from": "left", "to": "gap" }""", "tools[2].to: 'gap' is not the name of an earlier tool (tools run in order; known: left, right)")]
    public void Distance_parameter_errors_name_the_tool_and_parameter(string tool, string error)
    {
        Assert.Equal([error], MeasureRecipe.Errors(MeasureRecipe.Json($"{LeftEdge}, {RightEdge}, {tool}", fixture: null)));
    }

    [Fact]
    public void A_distance_to_a_tool_that_gives_no_feature_is_a_recipe_error()
    {
        var tools = """
            { "name": "marks", "type": "surface" },
            { "name": "gap", "type": "distance", "from": "part", "to": "marks" }
            """;

        var errors = MeasureRecipe.Errors(MeasureRecipe.Json(tools));

        Assert.Equal(["tools[1].to: 'marks' is a surface tool, which gives no point, line or circle; a distance needs points, lines or circles"], errors);
    }

    /// <summary>Compares two (x, y, x, y) tuples within a tolerance.</summary>
    private sealed class PointComparer(double tolerance) : IEqualityComparer<(double, double, double, double)>
    {
        public bool Equals((double, double, double, double) a, (double, double, double, double) b) =>
            Math.Abs(a.Item1 - b.Item1) <= tolerance && Math.Abs(a.Item2 - b.Item2) <= tolerance
            && Math.Abs(a.Item3 - b.Item3) <= tolerance && Math.Abs(a.Item4 - b.Item4) <= tolerance;

        public int GetHashCode((double, double, double, double) obj) => 0;
    }
}
