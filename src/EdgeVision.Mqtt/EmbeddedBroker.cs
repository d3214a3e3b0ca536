using System.Net;
using MQTTnet.Server;

namespace EdgeVision.Mqtt;

/// <summary>
/// MQTTnet's broker running inside the service on the loopback address, for a station with no plant broker:
/// dashboards on the same machine (or through an SSH tunnel) subscribe to it.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;

    /// <summary>Creates (but does not start) a broker on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public EmbeddedBroker(IPAddress address, int port)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(address)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(port)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(options);
        _server.ValidatingConnectionAsync += AssignMissingClientId;
        Port = port;
    }

    // MQTT lets a clean-session client connect with an empty id and have the broker assign one
    // (mosquitto_sub does so by default); MQTTnet refuses it unless the server assigns the id itself.
    private static Task AssignMissingClientId(ValidatingConnectionEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId) && e.CleanSession != false)
        {
            e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
        }

        return Task.CompletedTask;
    }

    /// <summary>The TCP port it listens on.</summary>
    public int Port { get; }

    /// <summary>Starts listening; throws if the port is taken.</summary>
    public Task StartAsync() => _server.StartAsync();

    /// <summary>Stops listening and drops every client.</summary>
    public Task StopAsync() => _server.StopAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_server.IsStarted)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }

        _server.Dispose();
    }
}
