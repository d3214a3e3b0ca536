using System.Collections.Concurrent;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Runtime;
using EdgeVision.Service.Tests.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

public sealed class RecipeReloaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Collector _results = new();

    [Fact]
    public void An_edited_recipe_file_is_switched_in_between_frames_and_every_result_names_the_recipe_it_was_made_with()
    {
        var path = CopyDemoRecipe();
        using var runner = StartRunner(path, out var reloader);
        using (reloader)
        {
            var before = _results.WaitFor(r => true);
            Assert.Equal("demo-plate", before.Recipe);

            File.WriteAllText(path, File.ReadAllText(path).Replace("\"name\": \"demo-plate\"", "\"name\": \"demo-plate-v2\"", StringComparison.Ordinal));

            // The file watcher reloads on its own; wait for the first result made with the new recipe.
            var after = _results.WaitFor(r => r.Recipe == "demo-plate-v2");
            var expected = RecipeLoader.Load(path).Checksum;
            Assert.Equal(expected, after.RecipeChecksum);
            runner.Stop(TimeSpan.FromSeconds(5));
            var all = _results.All.OrderBy(r => r.Sequence).ToList();
            var firstNew = all.FindIndex(r => r.Recipe == "demo-plate-v2");
            Assert.All(all.Take(firstNew), r => Assert.Equal("demo-plate", r.Recipe));
            Assert.All(all.Skip(firstNew), r => Assert.Equal((expected, "demo-plate-v2"), (r.RecipeChecksum, r.Recipe)));
            Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(r => r.Sequence));
        }
    }

    [Fact]
    public void A_broken_recipe_is_rejected_with_its_errors_and_the_old_one_keeps_running()
    {
        var path = CopyDemoRecipe();
        using var runner = StartRunner(path, out var reloader, watch: false);
        using (reloader)
        {
            var original = runner.Recipe.Checksum;
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"threshold\": 140", "\"threshold\": 400", StringComparison.Ordinal));

            var outcome = reloader.Reload();

            Assert.Equal(ReloadStatus.Rejected, outcome.Status);
            Assert.Equal(["fixture.threshold: 400 is out of range [1, 254]"], outcome.Errors);
            Assert.Equal(original, outcome.Checksum);
            var later = _results.WaitFor(r => r.Sequence > 3);
            Assert.Equal(original, later.RecipeChecksum);

            // Fixing the file again gives back the very recipe in use: nothing to switch.
            File.Copy(RepositoryFiles.DemoRecipe, path, overwrite: true);
            Assert.Equal(ReloadStatus.Unchanged, reloader.Reload().Status);
        }
    }

    public void Dispose() => _dir.Dispose();

    private string CopyDemoRecipe()
    {
        var path = Path.Combine(_dir.Path, "recipe.json");
        File.Copy(RepositoryFiles.DemoRecipe, path);
        return path;
    }

    private CameraRunner StartRunner(string recipePath, out RecipeReloader reloader, bool watch = true)
    {
        var options = new SyntheticConveyorOptions { FramesPerSecond = 20, Seed = 7 };
        var camera = new SyntheticConveyorCamera("cam", options);
        var pipeline = new InspectionPipeline(RecipeLoader.Load(recipePath), "station", "cam");
        var live = new LiveView();
        var runner = new CameraRunner(camera, pipeline, 4, [_results], live, NullLogger.Instance, TimeProvider.System);
        reloader = new RecipeReloader(runner, "station", recipePath, watch, NullLogger.Instance);
        runner.Start();
        return runner;
    }

    private sealed class Collector : IResultSink
    {
        private readonly ConcurrentQueue<InspectionResult> _all = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyCollection<InspectionResult> All => _all;

        public void Offer(InspectionResult result)
        {
            _all.Enqueue(result);
            _arrived.Release();
        }

        public InspectionResult WaitFor(Func<InspectionResult, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var hit = _all.FirstOrDefault(match);
                if (hit is not null)
                {
                    return hit;
                }

                _arrived.Wait(TimeSpan.FromMilliseconds(200));
            }

            throw new TimeoutException("no matching result within 30 s");
        }
    }
}
