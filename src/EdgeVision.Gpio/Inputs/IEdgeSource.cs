namespace EdgeVision.Gpio.Inputs;

/// <summary>Receives timestamped edges; an interface rather than a delegate so the per-edge path allocates nothing.</summary>
public interface IEdgeHandler
{
    /// <summary>Handles one edge; called on the source's delivery thread, it must return quickly and not throw.</summary>
    /// <param name="edge">The edge.</param>
    void OnEdge(in EdgeEvent edge);
}

/// <summary>Something that delivers the timestamped edges of one input line to one handler.</summary>
public interface IEdgeSource : IDisposable
{
    /// <summary>Gets the line offset the edges come from.</summary>
    int Offset { get; }

    /// <summary>Reads the line's current level (true for High); used to know the starting state.</summary>
    bool ReadLevel();

    /// <summary>Starts delivering edges to <paramref name="handler"/>; a source delivers to one handler, started once.</summary>
    /// <param name="handler">The receiver of every edge from now on.</param>
    void Start(IEdgeHandler handler);
}
