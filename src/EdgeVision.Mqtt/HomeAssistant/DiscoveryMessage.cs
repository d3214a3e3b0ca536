using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.HomeAssistant;

/// <summary>
/// One discovery message to publish: an entity's retained configuration, or an empty retained payload removing it.
/// </summary>
public sealed record DiscoveryMessage(string Topic, byte[] Payload, MqttQualityOfServiceLevel QualityOfService, bool Retain)
{
    /// <summary>True when this message removes the entity (an empty payload).</summary>
    public bool IsRemoval => Payload.Length == 0;
}
