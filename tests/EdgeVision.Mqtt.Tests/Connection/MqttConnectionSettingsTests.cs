using EdgeVision.Mqtt.Connection;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Tests.Connection;

/// <summary>Validation of the connection settings: each problem named, files by path.</summary>
public sealed class MqttConnectionSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgevision-settings-").FullName;

    [Fact]
    public void The_defaults_are_valid_and_speak_mqtt_5_with_a_clean_session()
    {
        var settings = new MqttConnectionSettings();

        Assert.Empty(settings.Validate());
        Assert.Equal(MqttProtocol.V5, settings.ProtocolVersion);
        Assert.True(settings.CleanSession);
        Assert.False(settings.Tls.Enabled);
        Assert.True(settings.MaxReconnectDelay > settings.MinReconnectDelay);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-1)]
    public void A_port_outside_the_tcp_range_is_an_error(int port)
    {
        var errors = new MqttConnectionSettings { Port = port }.Validate();

        Assert.Equal([$"Port {port} is outside 1-65535."], errors);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var settings = new MqttConnectionSettings
        {
            Host = " ",
            ClientId = "",
            KeepAlive = TimeSpan.Zero,
            Password = "secret",
            MinReconnectDelay = TimeSpan.FromSeconds(10),
            MaxReconnectDelay = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.Zero,
        };

        var errors = settings.Validate();

        Assert.Equal(6, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Host is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ClientId is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("KeepAlive 00:00:00 is outside", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Password is set but Username is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("MaxReconnectDelay 00:00:05 is shorter than MinReconnectDelay 00:00:10", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ConnectTimeout 00:00:00 must be positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_certificate_files_are_named_by_path()
    {
        var ca = Path.Combine(_directory, "nope-ca.crt");
        var cert = Path.Combine(_directory, "nope-client.crt");
        var key = Path.Combine(_directory, "nope-client.key");
        var settings = new MqttConnectionSettings { Tls = new MqttTlsSettings { Enabled = true, CaFile = ca, ClientCertFile = cert, ClientKeyFile = key } };

        var errors = settings.Validate();

        Assert.Equal([$"Tls.CaFile '{ca}' does not exist.", $"Tls.ClientCertFile '{cert}' does not exist.", $"Tls.ClientKeyFile '{key}' does not exist."], errors);
    }

    [Fact]
    public void A_key_without_a_certificate_and_a_certificate_without_a_key_are_errors()
    {
        var certificates = TestCertificates.CreateIn(_directory);

        var keyOnly = new MqttConnectionSettings { Tls = new MqttTlsSettings { Enabled = true, ClientKeyFile = certificates.ClientKeyFile } }.Validate();
        var certOnly = new MqttConnectionSettings { Tls = new MqttTlsSettings { Enabled = true, ClientCertFile = certificates.ClientCertFile } }.Validate();

        Assert.Equal([$"Tls.ClientKeyFile '{certificates.ClientKeyFile}' is set without Tls.ClientCertFile: a key alone cannot authenticate."], keyOnly);
        Assert.Equal([$"Tls.ClientCertFile '{certificates.ClientCertFile}' is set without Tls.ClientKeyFile: the certificate needs its private key."], certOnly);
    }

    [Fact]
    public void Generated_certificate_files_are_valid_and_files_that_are_not_certificates_are_named()
    {
        var certificates = TestCertificates.CreateIn(_directory);
        var good = new MqttTlsSettings { Enabled = true, CaFile = certificates.CaFile, ClientCertFile = certificates.ClientCertFile, ClientKeyFile = certificates.ClientKeyFile };
        var notPem = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(notPem, "this is not a certificate");

        var goodErrors = new MqttConnectionSettings { Tls = good }.Validate();
        var badCa = new MqttConnectionSettings { Tls = good with { CaFile = notPem } }.Validate();
        var mismatchedKey = new MqttConnectionSettings { Tls = good with { ClientKeyFile = certificates.ServerKeyFile } }.Validate();

        Assert.Empty(goodErrors);
        Assert.Equal([$"Tls.CaFile '{notPem}' holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)."], badCa);
        var mismatch = Assert.Single(mismatchedKey);
        Assert.StartsWith($"Tls.ClientCertFile '{certificates.ClientCertFile}' with Tls.ClientKeyFile '{certificates.ServerKeyFile}' cannot be loaded", mismatch, StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_details_without_tls_enabled_are_an_error_rather_than_silently_ignored()
    {
        var errors = new MqttConnectionSettings { Tls = new MqttTlsSettings { CaFile = "/etc/ssl/ca.crt" } }.Validate();

        Assert.Equal(["Tls settings are given but Tls.Enabled is false: enable TLS or remove them."], errors);
    }

    [Fact]
    public void A_persistent_mqtt_5_session_needs_an_expiry()
    {
        var errors = new MqttConnectionSettings { CleanSession = false, SessionExpiry = TimeSpan.Zero }.Validate();
        var v311 = new MqttConnectionSettings { CleanSession = false, SessionExpiry = TimeSpan.Zero, ProtocolVersion = MqttProtocol.V311 }.Validate();

        Assert.Single(errors);
        Assert.StartsWith("SessionExpiry 00:00:00 is outside", errors[0], StringComparison.Ordinal);
        Assert.Empty(v311);
    }

    [Fact]
    public void An_unknown_protocol_version_is_an_error()
    {
        var errors = new MqttConnectionSettings { ProtocolVersion = (MqttProtocol)3 }.Validate();

        Assert.Equal(["ProtocolVersion 3 is not supported: use 3.1.1 or 5."], errors);
    }

    [Fact]
    public async Task The_connection_refuses_invalid_settings_listing_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new MqttConnection(new MqttConnectionSettings { Port = 0, ClientId = "" }));

        Assert.Contains("Port 0 is outside 1-65535.", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClientId is empty", error.Message, StringComparison.Ordinal);
        await using var valid = new MqttConnection(new MqttConnectionSettings());
        Assert.Equal(MqttConnectionState.Disconnected, valid.State);
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("a/+b/c")]
    public async Task An_invalid_topic_filter_is_refused_when_subscribing(string filter)
    {
        await using var connection = new MqttConnection(new MqttConnectionSettings());

        var error = Assert.Throws<ArgumentException>(() => connection.AddSubscription(filter, MqttQualityOfServiceLevel.AtLeastOnce, (_, _) => Task.CompletedTask));

        Assert.Contains($"'{filter}' is not a valid MQTT topic filter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edgevision/s1/cmd/trigger", "edgevision/s1/cmd/+", true)]
    [InlineData("edgevision/s1/cmd/trigger", "edgevision/#", true)]
    [InlineData("edgevision/s1/cmd/trigger", "$share/stations/edgevision/s1/cmd/+", true)]
    [InlineData("edgevision/s1/cmd/trigger/reply", "edgevision/s1/cmd/+", false)]
    [InlineData("other/s1/cmd/trigger", "edgevision/#", false)]
    public void Inbound_topics_reach_the_handlers_of_the_filters_they_match(string topic, string filter, bool matches)
        => Assert.Equal(matches, MqttConnection.TopicMatches(topic, filter));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
