using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>One MQTT message to publish (or to register as the will): topic, payload, QoS and retain flag.</summary>
public sealed record SparkplugMessage(string Topic, byte[] Payload, MqttQualityOfServiceLevel QualityOfService, bool Retain);

/// <summary>
/// What the connection must do after handing an event to <see cref="SparkplugNode"/>: publish <see cref="Messages"/>
/// in order, then, when <see cref="RestartSession"/> is set, disconnect and connect again (a new session).
/// <see cref="Error"/> names a rejected inbound message (it is logged and counted as well).
/// </summary>
public sealed record SparkplugOutcome(IReadOnlyList<SparkplugMessage> Messages, string? Error = null, bool RestartSession = false)
{
    /// <summary>Nothing to publish, nothing wrong.</summary>
    public static SparkplugOutcome None { get; } = new([]);

    /// <summary>Nothing to publish because the inbound message was rejected for <paramref name="error"/>.</summary>
    public static SparkplugOutcome Rejected(string error) => new([], error);
}
