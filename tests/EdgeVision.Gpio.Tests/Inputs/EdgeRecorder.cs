using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

/// <summary>Keeps every edge it is handed.</summary>
internal sealed class EdgeRecorder : IEdgeHandler
{
    public List<EdgeEvent> Edges { get; } = [];

    public void OnEdge(in EdgeEvent edge) => Edges.Add(edge);
}
