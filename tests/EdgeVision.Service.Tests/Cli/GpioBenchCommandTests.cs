using EdgeVision.Inspection.Recipes;
using EdgeVision.Service.Cli;

namespace EdgeVision.Service.Tests.Cli;

public class GpioBenchCommandTests
{
    [Fact]
    public void On_the_untimed_path_every_failed_part_gets_one_reject_edge_after_its_result_and_its_trigger()
    {
        var f = GpioBenchCommand.MeasureUntimedPath(RecipeLoader.Load(RepositoryFiles.DemoRecipe), parts: 20, rate: 10, loadPipelines: 0);

        Assert.True(f.Triggers > 0);
        Assert.Equal(f.Triggers, f.Results + f.LostParts); // every part has a result, unless the pipeline fell behind and its frame was dropped
        Assert.True(f.FailedParts > 0, "the synthetic camera (seed 7, 30 % defects) should fail some of 20 parts");
        Assert.Equal(f.FailedParts, f.OutputEdges);
        Assert.Equal(f.FailedParts, f.Latency.Count);
        Assert.True(f.ToResult.Min > 0, $"a result {f.ToResult.Min} ms after its trigger");
        Assert.True(f.Handoff.Min >= 0, $"a reject edge {-f.Handoff.Min} ms before its result: parts and edges are paired wrongly");
        Assert.True(f.Latency.Min <= f.Latency.P50 && f.Latency.P50 <= f.Latency.P99 && f.Latency.P99 <= f.Latency.Max);
    }

    [Fact]
    public void The_command_reports_both_paths_and_refuses_an_unknown_path()
    {
        var stdout = new StringWriter();

        Assert.Equal(0, GpioBenchCommand.Run(RepositoryFiles.DemoRecipe, parts: 10, rate: 20, delayMs: 150, loadPipelines: 0, "both", stdout));
        Assert.Equal(2, GpioBenchCommand.Run(RepositoryFiles.DemoRecipe, parts: 10, rate: 20, delayMs: 150, loadPipelines: 0, "fast", stdout));

        var text = stdout.ToString();
        Assert.Contains("timed path (reject queue, reject 150 ms after the trigger)", text, StringComparison.Ordinal);
        Assert.Contains("output edge timing error (actual − scheduled) over", text, StringComparison.Ordinal);
        Assert.Contains("untimed path (no reject queue", text, StringComparison.Ordinal);
        Assert.Contains("trigger edge → reject output edge over", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mismatch", text, StringComparison.Ordinal);
        Assert.Contains("--path 'fast' is not one of: timed, untimed, both", text, StringComparison.Ordinal);
    }
}
