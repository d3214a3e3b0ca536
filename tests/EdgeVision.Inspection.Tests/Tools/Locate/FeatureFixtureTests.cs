using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Results;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Locate;

public sealed class FeatureFixtureTests(ITestOutputHelper output) : IDisposable
{
    private readonly LocateRecipe _folder = new();

    [Fact]
    public void The_feature_fixture_follows_a_rotated_shifted_part_and_a_fixtured_hole_measures_on_it() =>
        TemplateFixtureTests.AssertFollowsThePart("""{ "type": "features", "template": "plate.png", "score": { "min": 0.5 }, "scale": { "nominal": 1, "tolerance": 0.01 } }""", _folder, output, 21, 0.25, 0.2);

    [Fact]
    public void The_feature_fixture_reports_the_scale_of_the_part()
    {
        using var inspector = new ImageInspector(_folder.Load("""{ "type": "features", "template": "plate.png", "scale": { "nominal": 1, "tolerance": 0.01 } }"""));
        using var image = TexturedPlate.Render(480, 400, TemplateFixtureTests.Poses(5, 1)[0], noise: 2, seed: 5);

        var result = inspector.Inspect(image);

        var scale = result.Measurements.Single(m => m.Name == "part.scale");
        output.WriteLine($"scale {scale.Value:F5}");
        Assert.True(scale.Pass);
        Assert.InRange(scale.Value, 0.995, 1.005);
    }

    [Fact]
    public void An_image_without_the_part_fails_for_part_not_found()
    {
        using var inspector = new ImageInspector(_folder.Load("""{ "type": "features", "template": "plate.png" }"""));
        using var image = new Mat(400, 480, MatType.CV_8UC1, Scalar.All(TexturedPlate.Background));
        Cv2.Randu(image, Scalar.All(30), Scalar.All(60));

        var result = inspector.Inspect(image);

        Assert.False(result.Pose.Found);
        Assert.Equal(["PART_NOT_FOUND"], result.Reasons);
    }

    [Fact]
    public void A_part_turned_outside_the_angle_range_is_not_found()
    {
        var truth = TemplateFixtureTests.Poses(9, 1)[0] with { AngleDeg = 120 };
        using var inspector = new ImageInspector(_folder.Load("""{ "type": "features", "template": "plate.png", "angleMin": -30, "angleMax": 30 }"""));
        using var image = TexturedPlate.Render(480, 400, truth, noise: 2, seed: 9);

        var result = inspector.Inspect(image);

        Assert.Equal(["PART_NOT_FOUND"], result.Reasons);
    }

    [Fact]
    public void A_missing_template_and_a_bad_min_inliers_are_reported_by_path()
    {
        var (_, errors) = _folder.Parse(LocateRecipe.Json("""{ "type": "features", "template": "nowhere.png", "minInliers": 2 }"""));

        Assert.Contains(errors, e => e.StartsWith("fixture.template: file 'nowhere.png' does not exist", StringComparison.Ordinal));
        Assert.Contains("fixture.minInliers: 2 is out of range [4, 10000]", errors);
    }

    public void Dispose() => _folder.Dispose();
}
