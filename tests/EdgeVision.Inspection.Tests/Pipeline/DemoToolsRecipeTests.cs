using EdgeVision.Acquisition.Frames;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Pipeline;

public class DemoToolsRecipeTests(ITestOutputHelper output)
{
    [Fact]
    public void The_toolbox_demo_recipe_fails_exactly_the_defective_synthetic_parts_and_measures_them_to_their_truth()
    {
        var recipe = RecipeLoader.Load(Path.Combine(RepositoryFiles.ConfigDirectory, "recipes", "demo-tools.json"));
        var options = new SyntheticConveyorOptions { FramesPerSecond = 0, Seed = 99, DefectRate = 0.35 };
        using var camera = new SyntheticConveyorCamera("synthetic", options);
        using var pool = new FramePool(1, options.Width, options.Height, options.Format);
        using var pipeline = new InspectionPipeline(recipe, "station-1", "synthetic");
        var record = new InspectionRecord();
        camera.Open();
        var wrong = new List<string>();
        var pitchErrors = new List<double>();
        var widthErrors = new List<double>();
        var defective = 0;
        for (var i = 0; i < 40; i++)
        {
            var frame = pool.TryRent(TimeSpan.Zero)!;
            camera.Capture(frame, CancellationToken.None);
            var truth = ((SyntheticPartTruth)frame.Truth!).Clone();
            pipeline.Inspect(frame, record);
            frame.Release();
            var result = pipeline.ToResult(record, i + 1, DateTimeOffset.UnixEpoch);
            defective += truth.IsDefective ? 1 : 0;
            if ((result.Verdict == Verdict.Fail) != truth.IsDefective)
            {
                wrong.Add($"frame {i}: {truth.Defect.Kind} (defective {truth.IsDefective}) judged {result.Verdict} [{string.Join(", ", result.Reasons)}]");
            }

            if (!truth.IsDefective)
            {
                var pitch = result.Measurements.Single(m => m.Name == "hole_pitch.distance").Value;
                pitchErrors.Add(pitch - Math.Sqrt(Math.Pow(truth.Hole2.X - truth.Hole1.X, 2) + Math.Pow(truth.Hole2.Y - truth.Hole1.Y, 2)));
                widthErrors.Add(result.Measurements.Single(m => m.Name == "width_mid.width").Value - truth.Width);
                Assert.Equal(Enumerable.Repeat(ToolStatus.Pass, 12), result.Tools.Select(t => t.Status));
            }
        }

        output.WriteLine($"{defective} of 40 defective; hole pitch error max {pitchErrors.Max(Math.Abs):F3} px, plate width error max {widthErrors.Max(Math.Abs):F3} px");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.InRange(defective, 5, 30);
        Assert.All(pitchErrors, e => Assert.InRange(e, -0.1, 0.1));
        Assert.All(widthErrors, e => Assert.InRange(e, -0.2, 0.2));
    }
}
