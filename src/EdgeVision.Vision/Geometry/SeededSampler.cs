namespace EdgeVision.Vision.Geometry;

/// <summary>
/// Deterministic index sampling for the robust fits (SplitMix64): the same seed gives the same fit on every machine and
/// runtime, and, being a struct on the stack, it allocates nothing (unlike <see cref="Random"/>).
/// </summary>
internal struct SeededSampler(int seed)
{
    private ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);

    /// <summary>A uniform integer in [0, <paramref name="n"/>), n ≥ 1.</summary>
    public int Next(int n)
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(((z >> 32) * (ulong)n) >> 32);
        }
    }

    /// <summary>Two different indices below <paramref name="n"/> (n ≥ 2).</summary>
    public (int A, int B) NextPair(int n)
    {
        var a = Next(n);
        var b = Next(n - 1);
        return (a, b >= a ? b + 1 : b);
    }

    /// <summary>Three different indices below <paramref name="n"/> (n ≥ 3).</summary>
    public (int A, int B, int C) NextTriple(int n)
    {
        var (a, b) = NextPair(n);
        int lo = Math.Min(a, b), hi = Math.Max(a, b);
        var c = Next(n - 2);
        if (c >= lo)
        {
            c++;
        }

        if (c >= hi)
        {
            c++;
        }

        return (a, b, c);
    }
}
