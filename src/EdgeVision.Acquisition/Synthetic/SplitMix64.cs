namespace EdgeVision.Acquisition.Synthetic;

/// <summary>A small, fast, seedable random generator (SplitMix64): the same seed always gives the same sequence.</summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Starts a sequence from <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Range(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A uniform integer in [0, <paramref name="count"/>).</summary>
    public int Below(int count) => (int)(NextDouble() * count);

    /// <summary>A standard normal sample (Box–Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
