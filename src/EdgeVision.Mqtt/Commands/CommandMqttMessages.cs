using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Commands;

/// <summary>Converts between MQTTnet's messages and the processor's request and reply.</summary>
public static class CommandMqttMessages
{
    /// <summary>
    /// The request for a received message. The payload is copied: MQTTnet may reuse a received packet's buffer once
    /// the receive handler returns, and a command should be processed off that handler (a recipe switch takes a
    /// while, and a blocked handler stalls every acknowledgement on the connection).
    /// </summary>
    public static CommandRequest ToCommandRequest(this MqttApplicationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CommandRequest(message.Topic, message.Payload.ToArray(), message.ResponseTopic, message.CorrelationData);
    }

    /// <summary>
    /// The reply as an MQTT message: QoS 1, not retained; on MQTT 5 (<paramref name="mqtt5"/>) also the JSON content type
    /// and the correlation data when given (MQTT 3.1.1 has neither, and MQTTnet refuses them on a 3.1.1 link).
    /// </summary>
    public static MqttApplicationMessage ToMqttMessage(this CommandReply reply, bool mqtt5 = true)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(reply.Topic)
            .WithPayload(reply.Payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(false);
        if (mqtt5)
        {
            builder = builder.WithContentType(CommandReply.ContentType);
        }

        if (mqtt5 && reply.CorrelationData is { } correlation)
        {
            builder = builder.WithCorrelationData(correlation);
        }

        return builder.Build();
    }
}
