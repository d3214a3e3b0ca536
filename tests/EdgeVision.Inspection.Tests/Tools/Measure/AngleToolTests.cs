using System.Globalization;
using EdgeVision.Inspection.Results;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

public sealed class AngleToolTests
{
    private static readonly PlateScene Scene = new(318.4, 236.9, -13.6);

    private const string Top = """{ "name": "top", "type": "line", "roi": { "x": 0, "y": -110, "length": 200, "width": 24, "angle": 0 }, "polarity": "darkToLight" }""";

    /// <summary>A line tool on the slot's upper side; <paramref name="reversed"/> points its region the other way.</summary>
    private static string SlotEdge(bool reversed)
    {
        var (u, v) = PlateScene.SlotUpperEdge();
        var angle = PlateScene.SlotAngleDeg + (reversed ? 180 : 0);
        var polarity = reversed ? "darkToLight" : "lightToDark";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "slot", "type": "line", "roi": { "x": {{u}}, "y": {{v}}, "length": 100, "width": 14, "angle": {{angle}} }, "calipersWidth": 6, "polarity": "{{polarity}}" }
            """);
    }

    [Fact]
    public void Angle_between_two_lines_does_not_depend_on_which_way_their_regions_point()
    {
        using var image = Scene.Render(new Random(61));
        const string Angle = """{ "name": "slant", "type": "angle", "from": "top", "to": "slot", "angle": { "nominal": 30, "tolerance": 0.1 } }""";

        var forward = MeasureRecipe.Inspect(MeasureRecipe.Json($"{Top}, {SlotEdge(false)}, {Angle}"), image);
        var backward = MeasureRecipe.Inspect(MeasureRecipe.Json($"{Top}, {SlotEdge(true)}, {Angle}"), image);

        Assert.Equal(Verdict.Pass, forward.Verdict);
        Assert.Equal(Verdict.Pass, backward.Verdict);
        Assert.Equal(30, forward.Value("slant.angle"), 0.03);
        Assert.Equal(forward.Value("slant.angle"), backward.Value("slant.angle"), 0.03);
        Assert.Equal(210, backward.Value("slot.angle"), 0.1); // the line itself keeps its region's direction
        Assert.Equal("deg", forward.Measurement("slant.angle").Unit);
    }

    [Fact]
    public void Without_a_second_line_the_angle_is_measured_against_the_part_axis()
    {
        using var image = Scene.Render(new Random(67));
        const string Angles = """
            { "name": "slant", "type": "angle", "from": "slot", "angle": { "nominal": 30, "tolerance": 0.2 } },
            { "name": "level", "type": "angle", "from": "top", "angle": { "max": 0.2 } }
            """;

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json($"{Top}, {SlotEdge(false)}, {Angles}"), image);

        // Against the part the fixture's own angle error (its minimum-area rectangle) adds to the lines' error.
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.Equal(30, result.Value("slant.angle"), 0.1);
        Assert.InRange(result.Value("level.angle"), 0, 0.1);
    }

    [Fact]
    public void The_angle_overlay_marks_where_the_lines_cross_with_its_value()
    {
        using var image = Scene.Render(new Random(71));

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json($$"""{{Top}}, {{SlotEdge(false)}}, { "name": "slant", "type": "angle", "from": "top", "to": "slot" }"""), image);

        var marker = Assert.Single(result.Labelled("slant"));
        Assert.Equal(ShapeKind.Marker, marker.Kind);
        Assert.Matches(@"^slant (29\.9[0-9]{2}|30\.0[0-9]{2})°$", marker.Label);

        // The slot's upper side meets the top edge (v = −110) at u = su − (sv + 110)/tan 30°.
        var (su, sv) = PlateScene.SlotUpperEdge();
        var crossing = Scene.ToImage(su - ((sv + 110) / Math.Tan(PlateScene.SlotAngleDeg * Math.PI / 180)), -110);
        Assert.Equal(crossing.X, marker.X, 0.5);
        Assert.Equal(crossing.Y, marker.Y, 0.5);
    }

    [Fact]
    public void An_angle_whose_line_was_not_found_is_not_found()
    {
        using var image = Scene.Render(new Random(73), holes: true);
        const string Nowhere = """{ "name": "ghost", "type": "line", "roi": { "x": 0, "y": 0, "length": 60, "width": 10, "angle": 0 }, "judge": false }""";

        var result = MeasureRecipe.Inspect(MeasureRecipe.Json($$"""{{Top}}, {{Nowhere}}, { "name": "slant", "type": "angle", "from": "top", "to": "ghost" }"""), image);

        Assert.Equal(ToolStatus.NotFound, result.Status("ghost"));
        Assert.Equal(ToolStatus.NotFound, result.Status("slant"));
        Assert.Equal(["FEATURE_MISSING"], result.Reasons); // ghost is not judged, so only the angle's reason counts
    }

    [Theory]
    [InlineData(true, """{ "name": "a", "type": "angle", "from": "top", "to": "hole" }""", "tools[2].to: 'hole' is a circle tool, which gives a circle; an angle needs line tools")]
    [InlineData(true, """{ "name": "a", "type": "angle", "from": "top", "to": "top" }""", "tools[2].to: names the same tool as from ('top'); an angle needs two lines")]
    [InlineData(false, """{ "name": "a", "type": "angle", "from": "top" }""", "tools[2].to: is required when the tool is not fixtured: without a second line the angle is measured against the part's axis, which needs a fixture")]
    [InlineData(true, """{ "name": "a", "type": "angle", "from": "top", "angle": { "min": 0, "max": 90, "unit": "rad" } }""", "tools[2].angle.unit: is 'rad' but this value is measured in 'deg'")]
    public void Angle_parameter_errors_name_the_tool_and_parameter(bool fixture, string tool, string error)
    {
        const string Hole = """{ "name": "hole", "type": "circle", "x": -110, "y": -30, "radius": 20 }""";
        var json = MeasureRecipe.Json($"{Top}, {Hole}, {tool}", fixture: fixture ? MeasureRecipe.BlobFixture : null);

        var errors = MeasureRecipe.Errors(json);

        Assert.Equal([error], errors);
    }
}
