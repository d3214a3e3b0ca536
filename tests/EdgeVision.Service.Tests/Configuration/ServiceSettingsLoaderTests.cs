using System.Text.Json.Nodes;
using EdgeVision.Gpio;
using EdgeVision.Inspection.Settings;
using EdgeVision.Service.Configuration;

namespace EdgeVision.Service.Tests.Configuration;

public class ServiceSettingsLoaderTests
{
    [Fact]
    public void The_shipped_configuration_loads_with_one_camera_the_demo_recipe_an_embedded_broker_and_simulated_gpio()
    {
        var settings = ServiceSettingsLoader.Load(RepositoryFiles.ShippedConfig);

        Assert.Equal("station-1", settings.Device);
        var camera = Assert.Single(settings.Cameras);
        Assert.Equal("cam1", camera.Name);
        Assert.Equal("synthetic", camera.Source);
        Assert.Equal(1280, camera.Synthetic.Width);
        Assert.Equal(960, camera.Synthetic.Height);
        Assert.Equal(10, camera.Synthetic.FramesPerSecond);
        Assert.Equal(4, camera.RingCapacity);
        Assert.Equal("demo-plate", camera.Recipe.Name);
        Assert.Equal(Path.GetFullPath(RepositoryFiles.DemoRecipe), camera.RecipePath);
        Assert.Null(settings.Mqtt.BrokerHost);
        Assert.Equal(1883, settings.Mqtt.Port);
        Assert.Equal("edgevision", settings.Mqtt.TopicPrefix);
        Assert.Equal("station-1", settings.Mqtt.Device);
        Assert.Equal(GpioDriverKind.Simulated, settings.Gpio.Driver);
        Assert.Equal(17, settings.Gpio.Reject.Offset);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.Gpio.Reject.PulseWidth);
        Assert.Equal(new WebSettings(true, "http://127.0.0.1:8080"), settings.Web);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Systemd.WatchdogStallLimit);
        Assert.Equal(Path.GetFullPath(RepositoryFiles.ShippedConfig), settings.SourcePath);
    }

    [Fact]
    public void An_unknown_top_level_key_is_reported_with_the_key_it_probably_meant()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => json["camera"] = new JsonArray());

        Assert.Equal(["camera: unknown key; did you mean 'cameras'?"], errors);
    }

    [Fact]
    public void A_misspelt_synthetic_key_is_reported_under_its_camera_with_the_key_it_probably_meant()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json =>
        {
            var synthetic = ShippedConfigJson.Camera(json)["synthetic"]!.AsObject();
            synthetic.Remove("fps");
            synthetic["fsp"] = 10;
        });

        Assert.Equal(["cameras[0].synthetic.fsp: unknown key; did you mean 'fps'?"], errors);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_with_its_path_and_what_was_found()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => ShippedConfigJson.Camera(json)["synthetic"]!["width"] = "big");

        Assert.Equal(["cameras[0].synthetic.width: expected a whole number, got string \"big\""], errors);
    }

    [Fact]
    public void A_width_below_the_smallest_frame_is_reported_with_the_range()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => ShippedConfigJson.Camera(json)["synthetic"]!["width"] = 10);

        Assert.Equal(["cameras[0].synthetic.width: 10 is out of range [640, 8192]"], errors);
    }

    [Fact]
    public void A_negative_frame_rate_is_reported_with_the_range()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => ShippedConfigJson.Camera(json)["synthetic"]!["fps"] = -1);

        Assert.Equal(["cameras[0].synthetic.fps: -1 is out of range [0, 1000]"], errors);
    }

    [Fact]
    public void A_zero_reject_pulse_is_reported_with_its_full_path()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => json["gpio"]!["outputs"]!["reject"]!["pulseMs"] = 0);

        Assert.Equal(["gpio.outputs.reject.pulseMs: 0 is out of range [1, 10000]"], errors);
    }

    [Fact]
    public void A_broker_port_that_is_not_a_number_is_reported()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => json["mqtt"]!["broker"] = "host:notaport");

        Assert.Equal(["mqtt.broker: 'host:notaport' is not host or host:port with a port from 1 to 65535"], errors);
    }

    [Fact]
    public void A_broker_with_a_port_connects_to_that_host_and_port_instead_of_the_embedded_broker()
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json => json["mqtt"]!["broker"] = "plant-broker:1884");

        Assert.Empty(errors);
        Assert.Equal("plant-broker", settings!.Mqtt.BrokerHost);
        Assert.Equal(1884, settings.Mqtt.Port);
    }

    [Fact]
    public void A_device_name_with_a_space_is_reported_because_it_goes_into_mqtt_topics()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => json["device"] = "station 1");

        var error = Assert.Single(errors);
        Assert.StartsWith("device: 'station 1' must be 1-64 letters, digits, '-' or '_'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_cameras_with_the_same_name_are_reported_at_the_second_one()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => json["cameras"]!.AsArray().Add(ShippedConfigJson.Camera(json).DeepClone()));

        Assert.Equal(["cameras[1].name: 'cam1' is used by another camera"], errors);
    }

    [Fact]
    public void An_empty_camera_list_is_reported()
    {
        var (settings, errors) = ShippedConfigJson.ParseEdited(json => json["cameras"] = new JsonArray());

        Assert.Equal(["cameras: needs at least one camera"], errors);
        Assert.Empty(settings!.Cameras);
    }

    [Fact]
    public void A_missing_camera_list_is_reported_as_required()
    {
        var (_, errors) = ShippedConfigJson.ParseEdited(json => json.Remove("cameras"));

        Assert.Equal(["cameras: is required"], errors);
    }

    [Fact]
    public void A_recipe_file_that_does_not_exist_is_reported_with_the_path_it_looked_at()
    {
        using var dir = new TempDirectory();
        var json = ShippedConfigJson.Load();
        ShippedConfigJson.Camera(json)["recipe"] = "recipes/missing.json";
        var config = dir.Write("edgevision.json", json.ToJsonString());

        var e = Assert.Throws<SettingsException>(() => ServiceSettingsLoader.Load(config));

        var expected = Path.Combine(dir.Path, "recipes", "missing.json");
        Assert.Equal([$"cameras[0].recipe: recipe file '{expected}' does not exist"], e.Errors);
        Assert.Equal(config, e.Source);
    }

    [Fact]
    public void An_error_inside_a_recipe_is_reported_under_the_camera_with_the_recipe_file_and_its_own_key_path()
    {
        using var dir = new TempDirectory();
        var recipe = JsonNode.Parse(File.ReadAllText(RepositoryFiles.DemoRecipe))!.AsObject();
        recipe["fixture"]!["threshold"] = 300;
        var recipePath = dir.Write("bad-recipe.json", recipe.ToJsonString());
        var json = ShippedConfigJson.Load();
        ShippedConfigJson.Camera(json)["recipe"] = "bad-recipe.json";
        var config = dir.Write("edgevision.json", json.ToJsonString());

        var e = Assert.Throws<SettingsException>(() => ServiceSettingsLoader.Load(config));

        Assert.Equal([$"cameras[0].recipe: {recipePath}: fixture.threshold: 300 is out of range [1, 254]"], e.Errors);
    }

    [Fact]
    public void A_file_with_several_mistakes_reports_every_one_of_them_in_one_exception()
    {
        using var dir = new TempDirectory();
        var json = ShippedConfigJson.Load();
        json["device"] = "station 1";
        json["camera"] = new JsonArray();
        var synthetic = ShippedConfigJson.Camera(json)["synthetic"]!;
        synthetic["width"] = "big";
        synthetic["fps"] = -1;
        ShippedConfigJson.Camera(json)["recipe"] = RepositoryFiles.DemoRecipe;
        json["gpio"]!["outputs"]!["reject"]!["pulseMs"] = 0;
        json["mqtt"]!["broker"] = "host:notaport";
        var config = dir.Write("edgevision.json", json.ToJsonString());
        string[] paths = ["device:", "camera:", "cameras[0].synthetic.width:", "cameras[0].synthetic.fps:", "gpio.outputs.reject.pulseMs:", "mqtt.broker:"];

        var e = Assert.Throws<SettingsException>(() => ServiceSettingsLoader.Load(config));

        Assert.True(e.Errors.Count >= paths.Length, string.Join(Environment.NewLine, e.Errors));
        foreach (var path in paths)
        {
            Assert.Contains(e.Errors, error => error.StartsWith(path, StringComparison.Ordinal));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_file_that_is_not_json_is_reported_rather_than_thrown_as_a_json_exception()
    {
        using var dir = new TempDirectory();
        var config = dir.Write("edgevision.json", "{ \"device\": ");

        var e = Assert.Throws<SettingsException>(() => ServiceSettingsLoader.Load(config));

        var error = Assert.Single(e.Errors);
        Assert.StartsWith("(configuration): not valid JSON:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_file_that_does_not_exist_is_reported_as_unreadable()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "absent.json");

        var e = Assert.Throws<SettingsException>(() => ServiceSettingsLoader.Load(config));

        var error = Assert.Single(e.Errors);
        Assert.StartsWith("configuration file cannot be read:", error, StringComparison.Ordinal);
    }
}
