using System.Text.Json.Nodes;
using EdgeVision.Service.Configuration;

namespace EdgeVision.Service.Tests.Configuration;

/// <content>The keys that name files: password, TLS certificates and keys, the data directory; real files in a temp folder.</content>
public partial class MqttSettingsLoaderTests
{
    [Fact]
    public void Every_connection_key_is_read_and_relative_files_resolve_against_the_configuration_files_folder()
    {
        using var dir = new TempDirectory();
        var certificates = TestCertificates.CreateIn(Path.Combine(dir.Path, "tls"));
        dir.Write("mqtt-password", "s3cret word\n");
        var json = ShippedConfigJson.Load();
        ShippedConfigJson.Camera(json)["recipe"] = RepositoryFiles.DemoRecipe;
        json["dataDirectory"] = "state";
        json["mqtt"] = JsonNode.Parse("""
            {
              "broker": "broker.plant.example", "username": "line4", "passwordFile": "mqtt-password",
              "tls": { "caFile": "tls/ca.crt", "certFile": "tls/client.crt", "keyFile": "tls/client.key", "serverName": "broker.example", "allowInsecure": false }
            }
            """);
        var config = dir.Write("edgevision.json", json.ToJsonString());

        var settings = ServiceSettingsLoader.Load(config);

        var m = settings.Mqtt;
        Assert.Equal(("broker.plant.example", 8883), (m.BrokerHost, m.Port));
        Assert.Equal(("line4", "s3cret word"), (m.Username, m.Password));
        Assert.True(m.Tls.Enabled);
        Assert.Equal(certificates.CaFile, m.Tls.CaFile);
        Assert.Equal(certificates.ClientCertFile, m.Tls.ClientCertFile);
        Assert.Equal(certificates.ClientKeyFile, m.Tls.ClientKeyFile);
        Assert.Equal(("broker.example", false), (m.Tls.ServerName, m.Tls.AllowInsecure));
        Assert.Equal(Path.Combine(dir.Path, "state"), settings.DataDirectory);
        Assert.Equal(Path.Combine(dir.Path, "state"), settings.ResolveDataDirectory());
    }

    [Fact]
    public void A_broker_with_a_port_keeps_it_when_tls_is_on()
    {
        var (settings, errors) = ParseMqtt("""{ "broker": "plant-broker:18883", "tls": { "allowInsecure": true } }""");

        Assert.Empty(errors);
        Assert.Equal((18883, true, true), (settings!.Mqtt.Port, settings.Mqtt.Tls.Enabled, settings.Mqtt.Tls.AllowInsecure));
    }

    [Fact]
    public void A_password_file_that_does_not_exist_is_named_with_its_full_path()
    {
        using var dir = new TempDirectory();

        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "username": "line4", "passwordFile": "secrets/mqtt" }""", dir.Path);

        var error = Assert.Single(errors);
        Assert.StartsWith($"mqtt.passwordFile: cannot read '{Path.Combine(dir.Path, "secrets", "mqtt")}': ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_password_file_is_refused()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("mqtt-password", "\n");

        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "username": "line4", "passwordFile": "mqtt-password" }""", dir.Path);

        Assert.Equal([$"mqtt.passwordFile: '{file}' is empty"], errors);
    }

    [Fact]
    public void A_password_and_a_password_file_together_are_refused()
    {
        using var dir = new TempDirectory();
        dir.Write("mqtt-password", "from-file");

        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "username": "line4", "password": "inline", "passwordFile": "mqtt-password" }""", dir.Path);

        Assert.Equal(["mqtt.passwordFile: give either password or passwordFile, not both"], errors);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("passwordFile")]
    public void A_password_without_a_username_is_refused_at_the_key_that_gave_it(string key)
    {
        using var dir = new TempDirectory();
        dir.Write("mqtt-password", "secret");
        var value = key == "password" ? "secret" : "mqtt-password";

        var (_, errors) = ParseMqtt(new JsonObject { ["broker"] = "plant-broker", [key] = value }, dir.Path);

        Assert.Equal([$"mqtt.{key}: is set but mqtt.username is not: MQTT sends a password only with a user name"], errors);
    }

    [Fact]
    public void Tls_files_that_do_not_exist_are_each_named_by_key_and_full_path()
    {
        using var dir = new TempDirectory();

        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "tls": { "caFile": "ca.crt", "certFile": "/nowhere/client.crt", "keyFile": "keys/client.key" } }""", dir.Path);

        Assert.Equal(
            [
                $"mqtt.tls.caFile: file '{Path.Combine(dir.Path, "ca.crt")}' does not exist",
                "mqtt.tls.certFile: file '/nowhere/client.crt' does not exist",
                $"mqtt.tls.keyFile: file '{Path.Combine(dir.Path, "keys", "client.key")}' does not exist",
            ],
            errors);
    }

    [Fact]
    public void A_client_certificate_without_its_key_and_a_key_without_its_certificate_are_refused()
    {
        using var dir = new TempDirectory();
        TestCertificates.CreateIn(dir.Path);

        var (_, certOnly) = ParseMqtt("""{ "broker": "plant-broker", "tls": { "certFile": "client.crt" } }""", dir.Path);
        var (_, keyOnly) = ParseMqtt("""{ "broker": "plant-broker", "tls": { "keyFile": "client.key" } }""", dir.Path);

        Assert.Equal(["mqtt.tls.certFile: needs mqtt.tls.keyFile: the certificate is useless without its private key"], certOnly);
        Assert.Equal(["mqtt.tls.keyFile: needs mqtt.tls.certFile: a private key alone cannot authenticate"], keyOnly);
    }

    [Fact]
    public void A_ca_file_that_holds_no_certificate_is_refused_at_load_time()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("ca.crt", "this is not a certificate\n");

        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "tls": { "caFile": "ca.crt" } }""", dir.Path);

        var error = Assert.Single(errors);
        Assert.StartsWith("mqtt.tls.caFile: ", error, StringComparison.Ordinal);
        Assert.Contains(file, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_certificate_with_somebody_elses_key_is_refused_at_load_time()
    {
        using var dir = new TempDirectory();
        TestCertificates.CreateIn(dir.Path);

        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "tls": { "certFile": "client.crt", "keyFile": "server.key" } }""", dir.Path);

        var error = Assert.Single(errors);
        Assert.StartsWith("mqtt.tls.certFile: ", error, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(dir.Path, "server.key"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_keys_under_enabled_false_are_refused_as_contradictory()
    {
        var (_, errors) = ParseMqtt("""{ "broker": "plant-broker", "tls": { "enabled": false, "allowInsecure": true } }""");

        Assert.Equal(["mqtt.tls.enabled: is false but other TLS keys are set: enable TLS or remove them"], errors);
    }

    [Fact]
    public void Tls_with_the_embedded_broker_is_refused()
    {
        var (_, errors) = ParseMqtt("""{ "broker": null, "tls": { "allowInsecure": true } }""");

        Assert.Equal(["mqtt.tls: needs an external broker (mqtt.broker): the embedded broker listens on loopback without TLS"], errors);
    }

    [Theory]
    [InlineData("""{ "username": "line4", "password": "secret" }""", "username")]
    [InlineData("""{ "password": "secret" }""", "password")]
    [InlineData("""{ "passwordFile": "mqtt-password" }""", "passwordFile")]
    public void Credentials_with_the_embedded_broker_are_refused(string mqtt, string key)
    {
        using var dir = new TempDirectory();
        dir.Write("mqtt-password", "secret");

        var (_, errors) = ParseMqtt(mqtt, dir.Path);

        Assert.Equal([$"mqtt.{key}: needs an external broker (mqtt.broker): the embedded broker takes anonymous clients on loopback only"], errors);
    }

    [Fact]
    public void A_disabled_tls_section_is_accepted_with_the_embedded_broker()
    {
        var (settings, errors) = ParseMqtt("""{ "tls": { "enabled": false } }""");

        Assert.Empty(errors);
        Assert.Equal((null, 1883, false), (settings!.Mqtt.BrokerHost, settings.Mqtt.Port, settings.Mqtt.Tls.Enabled));
    }

    [Fact]
    public void A_data_directory_that_is_empty_or_a_file_is_refused()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("not-a-folder", "x");

        var (_, empty) = ShippedConfigJson.ParseEdited(json => json["dataDirectory"] = "");
        var (_, isFile) = ShippedConfigJson.ParseEdited(json => json["dataDirectory"] = file);
        var (absolute, ok) = ShippedConfigJson.ParseEdited(json => json["dataDirectory"] = dir.Path);

        Assert.Equal(["dataDirectory: must not be empty (leave the key out for its default)"], empty);
        Assert.Equal([$"dataDirectory: '{file}' is a file, not a folder"], isFile);
        Assert.Empty(ok);
        Assert.Equal(dir.Path, absolute!.DataDirectory);
    }
}
