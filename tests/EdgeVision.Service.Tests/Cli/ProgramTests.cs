using System.Text.Json.Nodes;
using EdgeVision.Service.Cli;
using EdgeVision.Service.Tests.Configuration;

namespace EdgeVision.Service.Tests.Cli;

[Collection(ConsoleRedirection.Name)]
public class ProgramTests
{
    [Fact]
    public void Validate_accepts_the_shipped_configuration_and_says_what_it_found()
    {
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate", "--config", RepositoryFiles.ShippedConfig]);

        Assert.Equal(0, code);
        Assert.Contains("OK (1 camera(s), device 'station-1')", console.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.Error);
    }

    [Fact]
    public void Validate_accepts_the_demo_recipe_and_prints_its_name_and_checksum()
    {
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate", "--recipe", RepositoryFiles.DemoRecipe]);

        Assert.Equal(0, code);
        Assert.Contains("OK (recipe 'demo-plate', sha256:", console.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_bad_configuration_with_exit_code_2_and_names_the_key_path()
    {
        using var dir = new TempDirectory();
        var config = WriteConfigWithBadWidth(dir);
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate", "--config", config]);

        Assert.Equal(2, code);
        Assert.Contains("cameras[0].synthetic.width: 10 is out of range [640, 8192]", console.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("OK", console.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_without_a_file_explains_its_usage_with_exit_code_1()
    {
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate"]);

        Assert.Equal(1, code);
        Assert.Contains("give --config FILE and/or --recipe FILE", console.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_with_a_bad_configuration_exits_with_code_2_before_starting_anything()
    {
        using var dir = new TempDirectory();
        var config = WriteConfigWithBadWidth(dir);
        using var console = new ConsoleCapture();

        // If the service did start, Main would block until shutdown: the timeout turns that into a failure, not a hang.
        var code = await Task.Run(() => Program.Main(["run", "--config", config])).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("cameras[0].synthetic.width: 10 is out of range [640, 8192]", console.Error, StringComparison.Ordinal);
        Assert.Contains("edgevision: not started.", console.Error, StringComparison.Ordinal);
    }

    private static string WriteConfigWithBadWidth(TempDirectory dir)
    {
        JsonObject json = ShippedConfigJson.Load();
        var camera = ShippedConfigJson.Camera(json);
        camera["recipe"] = RepositoryFiles.DemoRecipe;
        camera["synthetic"]!["width"] = 10;
        return dir.Write("edgevision.json", json.ToJsonString());
    }
}
