using System.Device.Gpio;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.Gpio;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt;
using EdgeVision.Mqtt.Commands;
using EdgeVision.Service.Runtime;
using EdgeVision.Service.Tests.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

/// <summary>The station's commands on a real runtime: synthetic camera, simulated GPIO, recipes in a temp folder.</summary>
public sealed class StationCommandsTests : IDisposable
{
    private const int Trigger = 27;
    private readonly TempDirectory _recipes = new();

    public StationCommandsTests()
    {
        foreach (var name in new[] { "demo.json", "demo-tools.json" })
        {
            File.Copy(Path.Combine(RepositoryFiles.ConfigDirectory, "recipes", name), Path.Combine(_recipes.Path, name));
        }
    }

    [Fact]
    public async Task A_trigger_command_makes_a_part_whose_result_carries_the_replied_trigger_id()
    {
        await using var runtime = await StartAsync(triggered: true);
        var commands = new StationCommands(runtime, NullLogger.Instance);

        var first = await commands.TriggerAsync("cam1", CancellationToken.None);
        var station = await commands.TriggerAsync(null, CancellationToken.None);

        Assert.True(first.Ok);
        Assert.True(station.Ok);
        Assert.Equal(1L, (long)first.Result!["trigger"]!);
        Assert.Equal(2L, (long)station.Result!["trigger"]!);
        Assert.Equal(["cam1"], station.Result["cameras"]!.AsArray().Select(n => (string)n!));
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 2);
        Assert.Equal([1L, 2L], runtime.LiveView.RecentResults().Select(r => r.TriggerId).Order());
    }

    [Fact]
    public async Task A_free_running_camera_refuses_a_trigger_and_an_unknown_camera_is_named()
    {
        await using var runtime = await StartAsync(triggered: false);
        var commands = new StationCommands(runtime, NullLogger.Instance);

        var freeRunning = await commands.TriggerAsync("cam1", CancellationToken.None);
        var unknown = await commands.ReloadAsync("cam7", CancellationToken.None);

        Assert.Equal(CommandErrorCodes.NotTriggered, freeRunning.Error!.Code);
        Assert.Equal("camera 'cam1' free-runs; set cameras[].trigger.mode to \"triggered\" to trigger it", freeRunning.Error.Message);
        Assert.Equal(CommandErrorCodes.UnknownCamera, unknown.Error!.Code);
        Assert.Equal("no camera 'cam7'; cameras: cam1", unknown.Error.Message);
    }

    [Fact]
    public async Task A_recipe_name_switches_the_camera_to_the_file_beside_its_configured_recipe()
    {
        await using var runtime = await StartAsync(triggered: true);
        var commands = new StationCommands(runtime, NullLogger.Instance);

        var outcome = await commands.SelectRecipeAsync("cam1", "demo-tools", CancellationToken.None);
        await commands.TriggerAsync("cam1", CancellationToken.None);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 1);

        Assert.True(outcome.Ok, outcome.Error?.Message);
        var switched = outcome.Result!["cameras"]![0]!;
        Assert.Equal("cam1", (string)switched["camera"]!);
        Assert.Equal("demo-plate-tools", (string)switched["recipe"]!);
        Assert.Equal("demo-tools.json", (string)switched["file"]!);
        Assert.Equal(Path.Combine(_recipes.Path, "demo-tools.json"), runtime.ReloaderFor("cam1")!.RecipePath);
        Assert.Equal("demo-plate-tools", runtime.LiveView.RecentResults()[0].Recipe);
        Assert.Equal((string)switched["checksum"]!, runtime.LiveView.RecentResults()[0].RecipeChecksum);
    }

    [Fact]
    public async Task An_invalid_recipe_is_refused_with_the_loaders_errors_and_the_old_one_keeps_running()
    {
        var demo = File.ReadAllText(Path.Combine(_recipes.Path, "demo.json"));
        _recipes.Write("broken.json", demo.Replace("\"type\": \"hole\"", "\"type\": \"laser\"", StringComparison.Ordinal));
        await using var runtime = await StartAsync(triggered: true);
        var commands = new StationCommands(runtime, NullLogger.Instance);

        var outcome = await commands.SelectRecipeAsync(null, "broken", CancellationToken.None);
        await commands.TriggerAsync("cam1", CancellationToken.None);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 1);

        Assert.Equal(CommandErrorCodes.InvalidRecipe, outcome.Error!.Code);
        Assert.StartsWith($"recipe {Path.Combine(_recipes.Path, "broken.json")} does not validate", outcome.Error.Message, StringComparison.Ordinal);
        Assert.EndsWith("camera cam1 keeps recipe 'demo-plate'", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains(outcome.Error.Errors, e => e.StartsWith("tools[0]", StringComparison.Ordinal) && e.Contains("laser", StringComparison.Ordinal));
        Assert.Equal(Path.Combine(_recipes.Path, "demo.json"), runtime.ReloaderFor("cam1")!.RecipePath);
        Assert.Equal("demo-plate", runtime.LiveView.RecentResults()[0].Recipe);
    }

    [Theory]
    [InlineData("nope", CommandErrorCodes.UnknownRecipe, "no recipe 'nope' in {folder} (camera cam1); recipes there: demo, demo-tools")]
    [InlineData("../demo", CommandErrorCodes.InvalidValue, "recipe '../demo' is not a plain name such as demo-tools (letters, digits, '.', '_', '-'; no folders)")]
    [InlineData(".hidden", CommandErrorCodes.InvalidValue, "recipe '.hidden' is not a plain name such as demo-tools (letters, digits, '.', '_', '-'; no folders)")]
    public async Task A_recipe_that_is_not_in_the_recipes_folder_is_refused(string name, string code, string message)
    {
        await using var runtime = await StartAsync(triggered: false);
        var commands = new StationCommands(runtime, NullLogger.Instance);

        var outcome = await commands.SelectRecipeAsync("cam1", name, CancellationToken.None);

        Assert.Equal(code, outcome.Error!.Code);
        Assert.Equal(message.Replace("{folder}", _recipes.Path, StringComparison.Ordinal), outcome.Error.Message);
        Assert.Equal("demo-plate", runtime.Cameras[0].Recipe.Name);
    }

    [Fact]
    public async Task A_disabled_station_refuses_GPIO_and_command_triggers_and_enable_lets_them_through_again()
    {
        await using var runtime = await StartAsync(triggered: true);
        var commands = new StationCommands(runtime, NullLogger.Instance);
        var driver = (SimulatedGpioDriver)runtime.GpioDriver!;

        var disabled = await commands.DisableAsync(null, CancellationToken.None);
        driver.InjectInputLevel(Trigger, PinValue.High);
        await WaitUntil(() => runtime.Io!.RefusedTriggers == 1);
        driver.InjectInputLevel(Trigger, PinValue.Low);
        var refused = await commands.TriggerAsync("cam1", CancellationToken.None);
        var enabled = await commands.EnableAsync(null, CancellationToken.None);
        var accepted = await commands.TriggerAsync("cam1", CancellationToken.None);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 1);

        Assert.False((bool)disabled.Result!["station"]!);
        Assert.Equal(CommandErrorCodes.Disabled, refused.Error!.Code);
        Assert.Equal("camera 'cam1' is disabled; send enable first", refused.Error.Message);
        Assert.True((bool)enabled.Result!["station"]!);
        Assert.True(runtime.Io!.Enabled);
        Assert.True(runtime.Cameras[0].Enabled);
        Assert.True(accepted.Ok);
        Assert.Equal((long)accepted.Result!["trigger"]!, runtime.LiveView.RecentResults()[0].TriggerId);
        Assert.Equal(0, runtime.Io.GpioTriggers);
    }

    [Fact]
    public async Task A_disabled_triggered_camera_takes_no_GPIO_trigger_while_the_station_stays_enabled()
    {
        await using var runtime = await StartAsync(triggered: true);
        var commands = new StationCommands(runtime, NullLogger.Instance);
        var driver = (SimulatedGpioDriver)runtime.GpioDriver!;

        var outcome = await commands.DisableAsync("cam1", CancellationToken.None);
        driver.InjectInputLevel(Trigger, PinValue.High);
        await WaitUntil(() => runtime.Io!.RefusedTriggers == 1);
        driver.InjectInputLevel(Trigger, PinValue.Low);
        await commands.EnableAsync("cam1", CancellationToken.None);
        await commands.TriggerAsync("cam1", CancellationToken.None);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 1);

        Assert.True((bool)outcome.Result!["station"]!);
        Assert.True(runtime.Io!.Enabled);
        Assert.Equal(0, runtime.Io.GpioTriggers);
        Assert.Equal(1, runtime.Cameras[0].Triggers!.Fired); // the command's part only
        Assert.Single(runtime.LiveView.RecentResults()); // the refused edge made no part
    }

    [Fact]
    public async Task A_disabled_free_running_camera_captures_nothing_is_not_a_stall_and_resumes_when_enabled()
    {
        await using var runtime = await StartAsync(triggered: false);
        var commands = new StationCommands(runtime, NullLogger.Instance);
        var camera = runtime.Cameras[0];
        await WaitUntil(() => camera.Results >= 2);

        var outcome = await commands.DisableAsync("cam1", CancellationToken.None);
        await WaitUntil(() => camera.Paused); // a capture in progress when disabled still completes
        await WaitUntil(() => camera.Results + camera.Dropped == camera.Captured); // what was captured is inspected
        var captured = camera.Captured;
        var results = camera.Results;

        // A window in which the 10 fps synthetic camera would take about 15 frames if it were still running.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(captured, camera.Captured);
        Assert.Equal(results, camera.Results);
        Assert.Equal(TimeSpan.Zero, camera.SinceLastResult);
        Assert.True(runtime.IsMakingProgress(TimeSpan.FromMilliseconds(1)));
        Assert.False((bool)outcome.Result!["cameras"]![0]!["enabled"]!);
        Assert.True((bool)outcome.Result["station"]!); // only the camera was disabled

        await commands.EnableAsync("cam1", CancellationToken.None);
        await WaitUntil(() => camera.Results >= results + 2);
    }

    [Fact]
    public async Task Reset_counters_zeroes_the_pass_and_fail_counts_and_replies_what_they_were()
    {
        await using var runtime = await StartAsync(triggered: true);
        var commands = new StationCommands(runtime, NullLogger.Instance);
        for (var i = 0; i < 4; i++)
        {
            await commands.TriggerAsync("cam1", CancellationToken.None);
            await WaitUntil(() => runtime.LiveView.RecentResults().Count == i + 1);
        }

        var verdicts = runtime.LiveView.RecentResults().Select(r => r.Verdict).ToList();
        var outcome = await commands.ResetCountersAsync("cam1", CancellationToken.None);

        var before = outcome.Result!["cameras"]![0]!;
        Assert.Equal("cam1", (string)before["camera"]!);
        Assert.Equal(verdicts.Count(v => v == Verdict.Pass), (long)before["passed"]!);
        Assert.Equal(verdicts.Count(v => v != Verdict.Pass), (long)before["failed"]!);
        var (name, passed, failed, last) = Assert.Single(runtime.LiveView.Counters());
        Assert.Equal(("cam1", 0L, 0L), (name, passed, failed));
        Assert.NotNull(last);

        await commands.TriggerAsync("cam1", CancellationToken.None);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 5);
        var after = Assert.Single(runtime.LiveView.Counters());
        Assert.Equal(1, after.Passed + after.Failed);
    }

    [Fact]
    public async Task Reload_reports_unchanged_then_applied_after_an_edit_and_refuses_a_broken_edit()
    {
        await using var runtime = await StartAsync(triggered: false);
        var commands = new StationCommands(runtime, NullLogger.Instance);
        var path = Path.Combine(_recipes.Path, "demo.json");
        var text = File.ReadAllText(path);

        var unchanged = await commands.ReloadAsync("cam1", CancellationToken.None);
        File.WriteAllText(path, text.Replace("\"minContrast\": 40 },", "\"minContrast\": 41 },", StringComparison.Ordinal));
        var applied = await commands.ReloadAsync(null, CancellationToken.None);
        File.WriteAllText(path, "{ \"schemaVersion\": 2, ");
        var broken = await commands.ReloadAsync("cam1", CancellationToken.None);

        Assert.Equal("unchanged", (string)unchanged.Result!["cameras"]![0]!["status"]!);
        Assert.Equal("applied", (string)applied.Result!["cameras"]![0]!["status"]!);
        Assert.NotEqual((string)unchanged.Result["cameras"]![0]!["checksum"]!, (string)applied.Result["cameras"]![0]!["checksum"]!);
        Assert.Equal(CommandErrorCodes.InvalidRecipe, broken.Error!.Code);
        Assert.NotEmpty(broken.Error.Errors);
        await WaitUntil(() => runtime.Cameras[0].Recipe.Checksum == (string)applied.Result["cameras"]![0]!["checksum"]!);
    }

    [Fact]
    public async Task Through_the_command_processor_a_bad_recipe_gets_an_error_reply_and_a_good_one_is_switched()
    {
        await using var runtime = await StartAsync(triggered: false);
        var processor = new CommandProcessor(new TopicScheme("edgevision", "station-1"), new CommandSettings(), new StationCommands(runtime, NullLogger.Instance));

        var bad = await processor.ProcessAsync(new CommandRequest("edgevision/station-1/cmd/recipe", "{\"id\":1,\"camera\":\"cam1\",\"recipe\":\"nope\"}"u8.ToArray()));
        var good = await processor.ProcessAsync(new CommandRequest("edgevision/station-1/cmd/recipe", "{\"id\":2,\"recipe\":\"demo-tools\"}"u8.ToArray()));

        var badJson = JsonDocument.Parse(bad!.Payload).RootElement;
        Assert.Equal("unknown-recipe", badJson.GetProperty("error").GetProperty("code").GetString());
        var goodJson = JsonNode.Parse(good!.Payload)!;
        Assert.True((bool)goodJson["ok"]!);
        Assert.Equal(2, (int)goodJson["id"]!);
        Assert.Equal("demo-plate-tools", (string)goodJson["result"]!["cameras"]![0]!["recipe"]!);
        await WaitUntil(() => runtime.Cameras[0].Recipe.Name == "demo-plate-tools");
    }

    public void Dispose() => _recipes.Dispose();

    private async Task<EdgeVisionRuntime> StartAsync(bool triggered)
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            var camera = ShippedConfigJson.Camera(json);
            camera["recipe"] = Path.Combine(_recipes.Path, "demo.json");
            camera["watchRecipe"] = false;
            if (triggered)
            {
                camera["trigger"] = new JsonObject { ["mode"] = "triggered" };
                json["gpio"]!["lines"] = JsonNode.Parse($$"""{ "trigger": { "offset": {{Trigger}} } }""");
            }

            json["mqtt"]!["embeddedPort"] = LoopbackPort.Free();
            json["dataDirectory"] = Directory.CreateTempSubdirectory("edgevision-data-").FullName; // the outbox of this run only
            json["web"]!["enabled"] = false;
        });
        Assert.Empty(errors);
        var runtime = new EdgeVisionRuntime(settings!, NullLogger<EdgeVisionRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(10);
        }
    }
}
