using EdgeVision.Mqtt.Connection;
using Xunit.Abstractions;

namespace EdgeVision.Mqtt.Tests.Connection;

/// <summary>Credentials and TLS against a real mosquitto with a password file and a TLS listener using certificates the test made.</summary>
public sealed class MqttConnectionSecurityTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestLog _log = new(output);
    private readonly string _directory = Directory.CreateTempSubdirectory("edgevision-tls-").FullName;

    [Theory]
    [InlineData(MqttProtocol.V311)]
    [InlineData(MqttProtocol.V5)]
    public async Task The_right_password_connects(MqttProtocol protocol)
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = false, Users = new Dictionary<string, string> { ["station"] = "s3cret" } });
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.Port, protocol) with { Username = "station", Password = "s3cret" }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the connection");

        Assert.True(await connection.PublishAsync(MqttConnectionTests.Message("test/x", "1")));
        Assert.Null(connection.LastError);
    }

    [Theory]
    [InlineData(MqttProtocol.V311)]
    [InlineData(MqttProtocol.V5)]
    public async Task A_wrong_password_is_refused_with_a_clear_error_and_retried_without_throwing(MqttProtocol protocol)
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = false, Users = new Dictionary<string, string> { ["station"] = "s3cret" } });
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.Port, protocol) with { Username = "station", Password = "wrong" }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => _log.Count("refused the credentials") >= 3, "three refused attempts");

        Assert.False(connection.IsConnected);
        Assert.Equal(0, connection.Reconnects);
        Assert.Contains($"the broker 127.0.0.1:{broker.Port} refused the credentials of user 'station' (reason code ", connection.LastError, StringComparison.Ordinal);
        Assert.False(await connection.PublishAsync(MqttConnectionTests.Message("test/x", "1")));
    }

    [Fact]
    public async Task No_credentials_on_a_broker_that_requires_them_says_so()
    {
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { AllowAnonymous = false, Users = new Dictionary<string, string> { ["station"] = "s3cret" } });
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.Port), _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.LastError is not null, "a refused attempt");

        Assert.Contains("refused a connection without credentials", connection.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_with_a_client_certificate_connects_and_publishes()
    {
        var certificates = TestCertificates.CreateIn(_directory);
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = certificates, RequireClientCertificate = true });
        await using var observer = await BrokerObserver.StartAsync(broker.Port, "test/#");
        var tls = new MqttTlsSettings { Enabled = true, CaFile = certificates.CaFile, ClientCertFile = certificates.ClientCertFile, ClientKeyFile = certificates.ClientKeyFile };
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.TlsPort) with { Tls = tls }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the TLS connection");
        var acknowledged = await connection.PublishAsync(MqttConnectionTests.Message("test/tls", "secret result"));
        await Eventually.HoldsAsync(() => observer.Payloads("test/tls").Count == 1, "the message on the plain listener");

        Assert.True(acknowledged);
        Assert.Equal(["secret result"], observer.Payloads("test/tls"));
        Assert.Equal(0, _log.Count("WARNING"));
    }

    [Fact]
    public async Task Without_the_client_certificate_a_broker_that_requires_one_refuses_and_the_error_hints_at_it()
    {
        var certificates = TestCertificates.CreateIn(_directory);
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = certificates, RequireClientCertificate = true });
        var tls = new MqttTlsSettings { Enabled = true, CaFile = certificates.CaFile };
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.TlsPort) with { Tls = tls }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.LastError is not null, "a refused attempt");

        Assert.False(connection.IsConnected);
        Assert.Contains("client certificate", connection.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_ca_is_refused_and_the_error_names_the_trust_failure_the_broker_and_the_ca_file()
    {
        var certificates = TestCertificates.CreateIn(_directory);
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = certificates });
        var tls = new MqttTlsSettings { Enabled = true, CaFile = certificates.OtherCaFile };
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.TlsPort) with { Tls = tls }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => _log.Count("was not trusted") >= 2, "two refused attempts");

        Assert.False(connection.IsConnected);
        Assert.Contains("certificate chain", connection.LastError, StringComparison.Ordinal);
        Assert.Contains("was not trusted", connection.LastError, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{broker.TlsPort}", connection.LastError, StringComparison.Ordinal);
        Assert.Contains(certificates.OtherCaFile, connection.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_as_a_tls_name_mismatch()
    {
        var certificates = TestCertificates.CreateIn(_directory);
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = certificates });
        var tls = new MqttTlsSettings { Enabled = true, CaFile = certificates.CaFile, ServerName = "broker.plant.example" };
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(broker.TlsPort) with { Tls = tls }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.LastError is not null, "a refused attempt");

        Assert.False(connection.IsConnected);
        Assert.Contains("TLS name mismatch", connection.LastError, StringComparison.Ordinal);
        Assert.Contains("'broker.plant.example'", connection.LastError, StringComparison.Ordinal);
        Assert.Contains("localhost", connection.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("not trusted", connection.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_insecure_flag_connects_to_an_untrusted_broker_and_logs_a_warning_at_every_connect()
    {
        var certificates = TestCertificates.CreateIn(_directory);
        using var broker = await MosquittoBroker.StartAsync(new MosquittoOptions { Tls = certificates });
        await using var relay = new TcpRelay(broker.TlsPort);
        var tls = new MqttTlsSettings { Enabled = true, AllowInsecure = true }; // the system store does not know the test CA
        await using var connection = new MqttConnection(MqttConnectionTests.Settings(relay.Port) with { Tls = tls }, _log.Write);

        connection.Start();
        await Eventually.HoldsAsync(() => connection.IsConnected, "the insecure connection");
        relay.Cut();
        await Eventually.HoldsAsync(() => connection.IsConnected && connection.Reconnects == 1, "the reconnection");

        Assert.True(await connection.PublishAsync(MqttConnectionTests.Message("test/x", "1")));
        var warnings = _log.Lines.Where(l => l.StartsWith("WARNING:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("WITHOUT checking the broker's TLS certificate (Tls.AllowInsecure is set); the check would have failed: the TLS certificate chain", w, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
