namespace EdgeVision.Gpio.Reject;

/// <summary>
/// The last N timing errors in a preallocated ring. Percentiles are exact: the reader copies the ring into its own
/// preallocated array (a few microseconds, under the owner's lock) and sorts that outside the lock (about a
/// millisecond for 10,000 samples), so the timing thread never waits for a sort.
/// </summary>
/// <remarks>Not thread-safe: the owner serialises <see cref="Add"/> and <see cref="CopyTo"/>.</remarks>
internal sealed class TimingErrorSamples
{
    public const int DefaultCapacity = 10_000;

    private readonly long[] _ring;
    private int _next;
    private int _count;

    public TimingErrorSamples(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new long[capacity];
    }

    public int Capacity => _ring.Length;

    public int Count => _count;

    public void Add(long error)
    {
        _ring[_next] = error;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        if (_count < _ring.Length)
        {
            _count++;
        }
    }

    /// <summary>Copies the samples (in no particular order) into <paramref name="destination"/>, which must hold <see cref="Count"/>.</summary>
    public int CopyTo(Span<long> destination)
    {
        _ring.AsSpan(0, _count).CopyTo(destination);
        return _count;
    }

    /// <summary>
    /// Sorts the samples in place and gets p50, p99 and max; zeros when empty. Percentiles are by nearest rank: the
    /// smallest sample with at least p % of all samples at or below it (index ceil(p/100 · n) − 1).
    /// </summary>
    public static (long P50, long P99, long Max) SortAndRank(Span<long> samples)
    {
        if (samples.IsEmpty)
        {
            return (0, 0, 0);
        }

        samples.Sort();
        return (samples[NearestRank(50, samples.Length)], samples[NearestRank(99, samples.Length)], samples[^1]);
    }

    private static int NearestRank(int percent, int count) => (int)(((long)percent * count + 99) / 100) - 1;
}
