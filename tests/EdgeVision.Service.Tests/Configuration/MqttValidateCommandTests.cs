using System.Text.Json.Nodes;
using EdgeVision.Service.Cli;
using EdgeVision.Service.Tests.Cli;

namespace EdgeVision.Service.Tests.Configuration;

/// <summary><c>edgevision validate</c> on configurations with a full <c>mqtt</c> section (it redirects the console, hence the collection).</summary>
[Collection(ConsoleRedirection.Name)]
public class MqttValidateCommandTests
{
    [Fact]
    public void Validate_accepts_the_shipped_configuration_with_its_embedded_broker()
    {
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate", "--config", RepositoryFiles.ShippedConfig]);

        Assert.Equal(0, code);
        Assert.Contains($"{RepositoryFiles.ShippedConfig}: OK (1 camera(s), device 'station-1')", console.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.Error);
    }

    [Fact]
    public void Validate_accepts_an_external_broker_with_tls_credentials_and_both_integrations()
    {
        using var dir = new TempDirectory();
        TestCertificates.CreateIn(Path.Combine(dir.Path, "tls"));
        dir.Write("mqtt-password", "secret\n");
        var config = WriteConfig(dir, """
            {
              "broker": "broker.plant.example", "username": "line4", "passwordFile": "mqtt-password",
              "tls": { "caFile": "tls/ca.crt", "certFile": "tls/client.crt", "keyFile": "tls/client.key" },
              "outbox": { "durability": "full" }, "backlog": "interleaved",
              "homeAssistant": { "enabled": true }, "sparkplug": { "enabled": true, "primaryHostId": "scada" }
            }
            """);
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate", "--config", config]);

        Assert.Equal(0, code);
        Assert.Contains($"{config}: OK (1 camera(s), device 'station-1')", console.Out, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.Error);
    }

    [Fact]
    public void Validate_rejects_a_missing_ca_file_with_exit_code_2_naming_its_key_and_path()
    {
        using var dir = new TempDirectory();
        var config = WriteConfig(dir, """{ "broker": "broker.plant.example", "tls": { "caFile": "tls/ca.crt" } }""");
        using var console = new ConsoleCapture();

        var code = Program.Main(["validate", "--config", config]);

        Assert.Equal(2, code);
        Assert.Contains($"mqtt.tls.caFile: file '{Path.Combine(dir.Path, "tls", "ca.crt")}' does not exist", console.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("OK", console.Out, StringComparison.Ordinal);
    }

    private static string WriteConfig(TempDirectory dir, string mqtt)
    {
        var json = ShippedConfigJson.Load();
        ShippedConfigJson.Camera(json)["recipe"] = RepositoryFiles.DemoRecipe;
        json["mqtt"] = JsonNode.Parse(mqtt);
        return dir.Write("edgevision.json", json.ToJsonString());
    }
}
