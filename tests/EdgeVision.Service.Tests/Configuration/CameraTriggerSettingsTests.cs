using System.Text.Json.Nodes;

namespace EdgeVision.Service.Tests.Configuration;

public class CameraTriggerSettingsTests
{
    [Fact]
    public void A_camera_is_free_running_unless_its_trigger_mode_says_triggered()
    {
        var (free, freeErrors) = ShippedConfigJson.ParseEdited(_ => { });
        var (triggered, errors) = ShippedConfigJson.ParseEdited(json =>
            ShippedConfigJson.Camera(json)["trigger"] = new JsonObject { ["mode"] = "triggered", ["delayMs"] = 12.5 });

        Assert.Empty(freeErrors);
        Assert.Empty(errors);
        Assert.False(free!.Cameras[0].Trigger.Triggered);
        Assert.Equal((true, TimeSpan.FromMilliseconds(12.5)), (triggered!.Cameras[0].Trigger.Triggered, triggered.Cameras[0].Trigger.Delay));
    }

    [Fact]
    public void A_bad_trigger_mode_or_delay_is_reported_with_its_path()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json =>
            ShippedConfigJson.Camera(json)["trigger"] = new JsonObject { ["mode"] = "edge", ["delayMs"] = -1 });

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("cameras[0].trigger.mode: 'edge' is not one of: free, triggered", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("cameras[0].trigger.delayMs: -1 is out of range [0, 10000]", StringComparison.Ordinal));
    }
}
