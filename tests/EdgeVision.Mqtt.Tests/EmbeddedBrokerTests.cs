using System.Net;
using MQTTnet;

namespace EdgeVision.Mqtt.Tests;

/// <summary>The embedded broker (MQTTnet's server in-process) that the default run uses.</summary>
public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task The_embedded_broker_assigns_an_id_to_an_MQTT5_client_that_sends_none()
    {
        var port = LoopbackPort.Free();
        await using var broker = new EmbeddedBroker(IPAddress.Loopback, port);
        await broker.StartAsync();
        using var client = new MqttClientFactory().CreateMqttClient();

        var reply = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithClientId(string.Empty)
            .WithCleanSession(true)
            .Build());

        Assert.Equal(MqttClientConnectResultCode.Success, reply.ResultCode);
        Assert.StartsWith("auto-", reply.AssignedClientIdentifier, StringComparison.Ordinal);
        await client.DisconnectAsync(new MqttClientDisconnectOptions());
    }
}
