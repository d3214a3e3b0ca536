using EdgeVision.Inspection.Results;

namespace EdgeVision.Service.Runtime;

/// <summary>Hands results to the MQTT publisher's queue.</summary>
public sealed class MqttResultSink(EdgeVision.Mqtt.ResultPublisher publisher) : IResultSink
{
    /// <inheritdoc/>
    public void Offer(InspectionResult result) => publisher.TryEnqueue(result);
}
