namespace EdgeVision.Inspection.Results;

/// <summary>
/// A consumer of results (actuation, MQTT, storage, live view). <see cref="Offer"/> is called on the pipeline thread
/// and must return at once: a sink that does slow work queues it (bounded, with its own policy when full).
/// </summary>
public interface IResultSink
{
    /// <summary>Takes a result; never blocks.</summary>
    void Offer(InspectionResult result);
}
