using System.Globalization;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Results;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

/// <summary>
/// The measuring tools through the whole recipe → pipeline → result path, on exact-coverage plates at random
/// sub-pixel poses found by a blob fixture: caliper width, circle diameters, the distance between the hole centres and
/// angles between fitted lines, against the drawn truth, in pixels and in millimetres.
/// </summary>
public sealed class MeasureAccuracyTests(ITestOutputHelper output)
{
    private const int Trials = 24;
    private const double MillimetresPerPixel = 0.05;

    [Fact]
    public void Plate_dimensions_measured_in_pixels_match_the_drawn_ones()
    {
        var errors = Run(Recipe(1, millimetres: false), null, 1);

        Report("px", errors);
        AssertWithin(errors, 1);
    }

    [Fact]
    public void Plate_dimensions_measured_in_millimetres_are_the_pixel_values_times_the_plane_scale()
    {
        using var calibration = MeasureRecipe.Calibration(MillimetresPerPixel);

        var errors = Run(Recipe(MillimetresPerPixel, millimetres: true), calibration.Directory, MillimetresPerPixel);

        Report("mm", errors);
        AssertWithin(errors, MillimetresPerPixel);
    }

    /// <summary>The recipe measuring <see cref="PlateScene"/>, its length tolerances scaled by <paramref name="scale"/> (report units per px).</summary>
    private static string Recipe(double scale, bool millimetres)
    {
        string Tol(double nominalPx, double tolerancePx) => string.Create(CultureInfo.InvariantCulture, $"{{ \"nominal\": {nominalPx * scale}, \"tolerance\": {tolerancePx * scale} }}");
        var (slotU, slotV) = PlateScene.SlotUpperEdge();
        var left = PlateScene.LeftHole;
        var right = PlateScene.RightHole;
        var tools = string.Create(CultureInfo.InvariantCulture, $$"""
            { "name": "width", "type": "caliper", "roi": { "x": -150, "y": 0, "length": 260, "width": 9, "angle": 90 },
              "mode": "pair", "first": "darkToLight", "second": "lightToDark", "expectedWidth": 220, "width": {{Tol(PlateScene.PlateWidth, 0.5)}} },
            { "name": "hole_left", "type": "circle", "x": {{left.U}}, "y": {{left.V}}, "radius": {{left.Diameter / 2}}, "searchLength": 12,
              "polarity": "darkToLight", "diameter": {{Tol(left.Diameter, 0.5)}}, "roundness": { "max": {{0.5 * scale}} } },
            { "name": "hole_right", "type": "circle", "x": {{right.U}}, "y": {{right.V}}, "radius": {{right.Diameter / 2}}, "searchLength": 12,
              "polarity": "darkToLight", "calipers": 32, "diameter": {{Tol(right.Diameter, 0.5)}} },
            { "name": "pitch", "type": "distance", "from": "hole_left", "to": "hole_right", "distance": {{Tol(right.U - left.U, 0.5)}} },
            { "name": "top", "type": "line", "roi": { "x": 0, "y": {{-PlateScene.PlateWidth / 2}}, "length": 200, "width": 24, "angle": 0 },
              "calipers": 16, "polarity": "darkToLight", "angle": { "nominal": 0, "tolerance": 1 } },
            { "name": "end", "type": "line", "roi": { "x": {{PlateScene.PlateLength / 2}}, "y": 0, "length": 160, "width": 24, "angle": 90 },
              "calipers": 16, "polarity": "darkToLight" },
            { "name": "slot_edge", "type": "line", "roi": { "x": {{slotU}}, "y": {{slotV}}, "length": 100, "width": 14, "angle": {{PlateScene.SlotAngleDeg}} },
              "calipers": 16, "calipersWidth": 6, "polarity": "lightToDark" },
            { "name": "slot_angle", "type": "angle", "from": "top", "to": "slot_edge", "angle": { "nominal": 30, "tolerance": 0.5 } },
            { "name": "corner", "type": "angle", "from": "top", "to": "end", "angle": { "min": 89.5 } }
            """);
        return MeasureRecipe.Json(tools, millimetres: millimetres);
    }

    /// <summary>Runs the recipe on <see cref="Trials"/> random plates; returns each quantity's errors in pixels (or degrees).</summary>
    private static Dictionary<string, List<double>> Run(string json, string? directory, double scale)
    {
        var recipe = MeasureRecipe.Parse(json, directory);
        using var inspector = new ImageInspector(recipe);
        var random = new Random(2718);
        var errors = new Dictionary<string, List<double>>
        {
            ["width"] = [],
            ["diameter"] = [],
            ["distance"] = [],
            ["slot angle"] = [],
            ["corner angle"] = [],
            ["line angle vs part"] = [],
        };
        for (var trial = 0; trial < Trials; trial++)
        {
            var scene = PlateScene.Random(random);
            using var image = scene.Render(random);

            var result = inspector.Inspect(image);

            var failed = result.Tools.Where(t => t.Status != ToolStatus.Pass).Select(t => $"{t.Name} {t.Status}");
            Assert.True(result.Verdict == Verdict.Pass, $"trial {trial} at {scene}: [{string.Join(", ", result.Reasons)}] {string.Join(", ", failed)}");
            foreach (var m in result.Measurements.Where(m => m.Unit is "mm" or "px"))
            {
                // Every length is reported in the recipe's unit, converted from its pixel value by the plane scale.
                Assert.Equal(scale == 1 ? "px" : "mm", m.Unit);
                Assert.True(scale == 1 ? double.IsNaN(m.Pixels) : Math.Abs(m.Value - (m.Pixels * scale)) < 1e-12, $"{m.Name}: {m.Value} vs {m.Pixels} px");
            }

            errors["width"].Add((result.Value("width.width") / scale) - PlateScene.PlateWidth);
            errors["diameter"].Add((result.Value("hole_left.diameter") / scale) - PlateScene.LeftHole.Diameter);
            errors["diameter"].Add((result.Value("hole_right.diameter") / scale) - PlateScene.RightHole.Diameter);
            errors["distance"].Add((result.Value("pitch.distance") / scale) - (PlateScene.RightHole.U - PlateScene.LeftHole.U));
            errors["slot angle"].Add(result.Value("slot_angle.angle") - PlateScene.SlotAngleDeg);
            errors["corner angle"].Add(result.Value("corner.angle") - 90);
            errors["line angle vs part"].Add(result.Value("top.angle"));
            errors["line angle vs part"].Add(result.Value("slot_edge.angle") - PlateScene.SlotAngleDeg);
        }

        return errors;
    }

    private void Report(string unit, Dictionary<string, List<double>> errors)
    {
        foreach (var (name, list) in errors)
        {
            var rms = Math.Sqrt(list.Average(e => e * e));
            var worst = list.Max(Math.Abs);
            var what = name.Contains("angle", StringComparison.Ordinal) ? "°" : " px";
            output.WriteLine($"[{unit} recipe] {name}: RMS {rms:F4}{what}, worst {worst:F4}{what}, mean {list.Average():F4}{what} over {list.Count}");
        }
    }

    private static void AssertWithin(Dictionary<string, List<double>> errors, double scale)
    {
        // Bounds of the Vision-level tests (CaliperAccuracyTests, CaliperArrayTests), taken here as worst cases.
        Assert.All(errors["width"], e => Assert.True(Math.Abs(e) <= 0.1, $"width off by {e:F4} px ({e * scale:F5} in report units)"));
        Assert.All(errors["diameter"], e => Assert.True(Math.Abs(e) <= 0.1, $"diameter off by {e:F4} px ({e * scale:F5} in report units)"));
        Assert.All(errors["distance"], e => Assert.True(Math.Abs(e) <= 0.1, $"hole pitch off by {e:F4} px ({e * scale:F5} in report units)"));
        Assert.All(errors["slot angle"], e => Assert.True(Math.Abs(e) <= 0.05, $"angle between the top edge and the slot off by {e:F4}°"));
        Assert.All(errors["corner angle"], e => Assert.True(Math.Abs(e) <= 0.05, $"corner angle off by {e:F4}°"));

        // A line's angle against the part's axis also carries the blob fixture's angle error (its minimum-area rectangle).
        Assert.All(errors["line angle vs part"], e => Assert.True(Math.Abs(e) <= 0.3, $"line angle against the part off by {e:F4}°"));
    }
}
