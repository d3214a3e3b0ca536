using System.Device.Gpio;
using System.Text.Json.Nodes;
using EdgeVision.Gpio;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Runtime;
using EdgeVision.Service.Tests.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

public class RecipeSelectRuntimeTests
{
    private const int Trigger = 27, Strobe = 30, Bit0 = 31;

    [Fact]
    public async Task A_recipe_code_latched_between_two_parts_switches_the_recipe_at_the_part_boundary()
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            var camera = ShippedConfigJson.Camera(json);
            camera["trigger"] = new JsonObject { ["mode"] = "triggered" };
            camera["watchRecipe"] = false;
            json["mqtt"]!["embeddedPort"] = LoopbackPort.Free();
            json["dataDirectory"] = Directory.CreateTempSubdirectory("edgevision-data-").FullName; // the outbox of this run only
            json["web"]!["enabled"] = false;
            json["gpio"]!["lines"] = JsonNode.Parse($$"""{ "trigger": { "offset": {{Trigger}} }, "recipe-strobe": { "offset": {{Strobe}} }, "recipe-bit0": { "offset": {{Bit0}} } }""");
            json["gpio"]!["recipeSelect"] = JsonNode.Parse("""[ { "code": 1, "recipe": "recipes/demo-tools.json" } ]""");
        });
        Assert.Empty(errors);
        await using var runtime = new EdgeVisionRuntime(settings!, NullLogger<EdgeVisionRuntime>.Instance);
        await runtime.StartAsync(CancellationToken.None);
        var driver = (SimulatedGpioDriver)runtime.GpioDriver!;

        driver.InjectInputLevel(Trigger, PinValue.High);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 1);
        driver.InjectInputLevel(Trigger, PinValue.Low);

        driver.InjectInputLevel(Bit0, PinValue.High);
        driver.InjectInputLevel(Strobe, PinValue.High);
        await WaitUntil(() => runtime.ReloaderFor("cam1")!.RecipePath.EndsWith("demo-tools.json", StringComparison.Ordinal));
        await Task.Delay(5); // the trigger line must hold its low level for the debounce time before the next edge
        driver.InjectInputLevel(Trigger, PinValue.High);
        await WaitUntil(() => runtime.LiveView.RecentResults().Count == 2);
        await runtime.StopAsync(CancellationToken.None);

        var results = runtime.LiveView.RecentResults().OrderBy(r => r.Sequence).ToList();
        Assert.Equal([1L, 2L], results.Select(r => r.TriggerId));
        Assert.Equal(["demo-plate", "demo-plate-tools"], results.Select(r => r.Recipe));
        Assert.Equal(12, results[1].Tools.Count);
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
