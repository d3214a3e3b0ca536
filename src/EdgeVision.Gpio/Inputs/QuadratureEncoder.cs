namespace EdgeVision.Gpio.Inputs;

/// <summary>Which way an encoder last moved.</summary>
public enum EncoderDirection
{
    /// <summary>No count yet.</summary>
    None = 0,

    /// <summary>Counting up: channel A leads channel B.</summary>
    Forward = 1,

    /// <summary>Counting down: channel B leads channel A.</summary>
    Backward = -1,
}

/// <summary>
/// Counts the position of a quadrature encoder on two inputs with ×4 decoding: every edge of either channel moves the
/// count by one, up when A leads B, down when B leads A.
/// </summary>
/// <remarks>
/// <para>
/// State (A, B) runs 00 → 10 → 11 → 01 → 00 forward (a Gray code: one channel changes per step). A change of both
/// channels at once (only possible through <see cref="Update"/>, which takes sampled levels) and an edge that reports
/// the level its channel already had (the opposite edge was missed) are counted in <see cref="Errors"/> and do not move
/// the count, since the direction of a skipped state is unknown.
/// </para>
/// <para>
/// Edges of the two channels may arrive on different threads; one lock orders them. Readers on other threads
/// (e.g. the reject queue) read <see cref="Count"/> and <see cref="LastCountTimestampNs"/> without the lock through
/// <see cref="Interlocked"/>. Nothing is allocated per edge.
/// </para>
/// </remarks>
public sealed class QuadratureEncoder : IEdgeHandler, IDisposable
{
    // Step for (old state << 2 | new state), state = A << 1 | B; 0 = no change, 2 = both changed (error).
    private static ReadOnlySpan<sbyte> Steps =>
    [
        //  to 00  01  10  11
        0, -1, 1, 2, // from 00
        1, 0, 2, -1, // from 01
        -1, 2, 0, 1, // from 10
        2, 1, -1, 0, // from 11
    ];

    private readonly IEdgeSource _a;
    private readonly IEdgeSource _b;
    private readonly Lock _lock = new();
    private int _state;
    private long _count;
    private long _errors;
    private long _lastCountNs;
    private int _direction;

    /// <summary>Starts counting the edges of two sources, which it then owns; the count starts at zero.</summary>
    /// <param name="a">Channel A (leads B when moving forward).</param>
    /// <param name="b">Channel B.</param>
    /// <param name="countsPerMm">Counts (edges, i.e. four per encoder line) per millimetre of travel.</param>
    public QuadratureEncoder(IEdgeSource a, IEdgeSource b, double countsPerMm)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Offset == b.Offset)
        {
            throw new ArgumentException($"Channels A and B are both pin {a.Offset}.", nameof(b));
        }

        if (!double.IsFinite(countsPerMm) || countsPerMm <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(countsPerMm), countsPerMm, "Counts per mm must be positive.");
        }

        _a = a;
        _b = b;
        CountsPerMm = countsPerMm;
        _state = (a.ReadLevel() ? 2 : 0) | (b.ReadLevel() ? 1 : 0);
        a.Start(this);
        b.Start(this);
    }

    /// <summary>Gets the counts per millimetre of travel.</summary>
    public double CountsPerMm { get; }

    /// <summary>Gets the position in counts; safe to read from any thread.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Gets the position in millimetres.</summary>
    public double PositionMm => Count / CountsPerMm;

    /// <summary>Gets how many impossible transitions (both channels at once, or a missed edge) were seen.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>Gets the timestamp (ns) of the edge that last moved the count, 0 before the first.</summary>
    public long LastCountTimestampNs => Interlocked.Read(ref _lastCountNs);

    /// <summary>Gets the direction of the last count.</summary>
    public EncoderDirection Direction => (EncoderDirection)Volatile.Read(ref _direction);

    /// <summary>Applies sampled levels of both channels, for a caller that polls the lines instead of taking edges.</summary>
    /// <param name="a">Level of channel A (true for High).</param>
    /// <param name="b">Level of channel B.</param>
    /// <param name="timestampNs">When the levels were sampled.</param>
    public void Update(bool a, bool b, long timestampNs)
    {
        lock (_lock)
        {
            MoveTo((a ? 2 : 0) | (b ? 1 : 0), timestampNs);
        }
    }

    /// <inheritdoc/>
    void IEdgeHandler.OnEdge(in EdgeEvent edge)
    {
        int bit = edge.Offset == _a.Offset ? 2 : edge.Offset == _b.Offset ? 1 : 0;
        if (bit == 0)
        {
            return;
        }

        lock (_lock)
        {
            int next = edge.IsRising ? _state | bit : _state & ~bit;
            if (next == _state)
            {
                Interlocked.Increment(ref _errors);
                return;
            }

            MoveTo(next, edge.TimestampNs);
        }
    }

    /// <summary>Stops counting and disposes both sources.</summary>
    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    /// <summary>Moves to a new state; caller holds the lock.</summary>
    private void MoveTo(int next, long timestampNs)
    {
        int step = Steps[(_state << 2) | next];
        if (step == 2)
        {
            // Both channels changed: a state was skipped and the direction is unknown. Take the new state, keep the count.
            Interlocked.Increment(ref _errors);
        }
        else if (step != 0)
        {
            Interlocked.Add(ref _count, step);
            Interlocked.Exchange(ref _lastCountNs, timestampNs);
            Volatile.Write(ref _direction, step);
        }

        _state = next;
    }
}
