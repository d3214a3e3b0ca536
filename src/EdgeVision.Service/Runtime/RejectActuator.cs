using EdgeVision.Gpio;
using EdgeVision.Inspection.Results;

namespace EdgeVision.Service.Runtime;

/// <summary>
/// Turns failed results into reject pulses on the <c>reject</c> line. Requests are queued to the pulse thread, so
/// the pipeline never waits for the actuator. (Timed and encoder-based reject queues come with the GPIO issue.)
/// </summary>
public sealed class RejectActuator(PulseOutput pulses) : IResultSink
{
    private long _rejected;

    /// <summary>Pulses requested for failed parts.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <inheritdoc/>
    public void Offer(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Verdict == Verdict.Fail)
        {
            Interlocked.Increment(ref _rejected);
            pulses.TryRequestPulse();
        }
    }
}

/// <summary>Hands results to the MQTT publisher's queue.</summary>
public sealed class MqttResultSink(EdgeVision.Mqtt.ResultPublisher publisher) : IResultSink
{
    /// <inheritdoc/>
    public void Offer(InspectionResult result) => publisher.TryEnqueue(result);
}
