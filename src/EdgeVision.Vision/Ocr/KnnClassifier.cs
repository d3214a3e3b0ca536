using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeVision.Vision.Ocr;

/// <summary>The answer of <see cref="KnnClassifier"/>: the winning label, its votes and the nearest distance.</summary>
/// <param name="Label">Index of the winning label, or −1 when the classifier has no samples.</param>
/// <param name="Votes">How many of the nearest neighbours carry that label.</param>
/// <param name="Neighbours">How many neighbours voted (k, or fewer when there are fewer samples).</param>
/// <param name="NearestDistance">Euclidean distance to the nearest sample of the winning label.</param>
public readonly record struct KnnMatch(int Label, int Votes, int Neighbours, float NearestDistance)
{
    /// <summary>The fraction of the neighbours that voted for the label (0..1).</summary>
    public float Confidence => Neighbours == 0 ? 0 : Votes / (float)Neighbours;
}

/// <summary>
/// Brute-force k-nearest-neighbour classification of float vectors by Euclidean distance. The training vectors sit
/// in one flat array, sample after sample (<see cref="Dimension"/> floats each), and distances are computed with
/// <see cref="Vector{T}"/> lanes, giving up on a sample once its partial sum passes the k-th best so far. The label with most votes among the k nearest wins; a tie goes to the label whose
/// own nearest sample is nearest. Immutable and safe to share between threads; a query allocates nothing.
/// </summary>
public sealed class KnnClassifier
{
    /// <summary>The largest k accepted (the neighbour list lives on the stack).</summary>
    public const int MaxK = 64;

    private readonly float[] _vectors;
    private readonly int[] _labels;

    /// <summary>
    /// Creates a classifier over <paramref name="labels"/>.Length samples whose vectors lie one after the other in
    /// <paramref name="vectors"/>; both are copied.
    /// </summary>
    public KnnClassifier(ReadOnlySpan<float> vectors, ReadOnlySpan<int> labels, int dimension, int k = 3)
        : this(vectors.ToArray(), labels.ToArray(), dimension, k)
    {
    }

    /// <summary>Takes ownership of the arrays (callers inside the library guarantee they never change them).</summary>
    internal KnnClassifier(float[] vectors, int[] labels, int dimension, int k)
    {
        if (dimension < 1)
        {
            ThrowHelper.ThrowArgument($"The dimension must be positive, not {dimension}.", nameof(dimension));
        }

        if (k is < 1 or > MaxK)
        {
            ThrowHelper.ThrowArgument($"k must be within 1..{MaxK}, not {k}.", nameof(k));
        }

        if (vectors.Length != (long)labels.Length * dimension)
        {
            ThrowHelper.ThrowArgument($"{labels.Length} samples of {dimension} need {labels.Length * dimension} floats, not {vectors.Length}.", nameof(vectors));
        }

        _vectors = vectors;
        _labels = labels;
        Dimension = dimension;
        K = k;
    }

    /// <summary>The length of each vector.</summary>
    public int Dimension { get; }

    /// <summary>How many neighbours vote.</summary>
    public int K { get; }

    /// <summary>How many training samples there are.</summary>
    public int SampleCount => _labels.Length;

    /// <summary>Classifies <paramref name="query"/> (at least <see cref="Dimension"/> floats).</summary>
    public KnnMatch Classify(ReadOnlySpan<float> query)
    {
        if (query.Length < Dimension)
        {
            ThrowHelper.ThrowArgument($"The query needs {Dimension} floats, not {query.Length}.", nameof(query));
        }

        query = query[..Dimension];
        var k = Math.Min(K, _labels.Length);
        if (k == 0)
        {
            return new KnnMatch(-1, 0, 0, float.PositiveInfinity);
        }

        // The k nearest so far, sorted by distance; a later sample at an equal distance does not displace an earlier one.
        Span<float> nearest = stackalloc float[k];
        Span<int> which = stackalloc int[k];
        nearest.Fill(float.PositiveInfinity);
        which.Fill(-1);
        var vectors = _vectors.AsSpan();
        for (var i = 0; i < _labels.Length; i++)
        {
            var d = BoundedSquaredDistance(query, vectors.Slice(i * Dimension, Dimension), nearest[k - 1]);
            if (d >= nearest[k - 1])
            {
                continue;
            }

            var j = k - 1;
            while (j > 0 && nearest[j - 1] > d)
            {
                nearest[j] = nearest[j - 1];
                which[j] = which[j - 1];
                j--;
            }

            nearest[j] = d;
            which[j] = i;
        }

        return Vote(nearest, which);
    }

    /// <summary>The squared Euclidean distance between two vectors of equal length, SIMD where the hardware has it.</summary>
    public static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Vector.IsHardwareAccelerated ? SquaredDistanceSimd(a, b) : SquaredDistanceScalar(a, b);

    /// <summary>
    /// The squared distance, or any value at least <paramref name="bound"/> once the partial sum reaches it: most
    /// samples are far from the query and are given up after the first chunk or two.
    /// </summary>
    internal static float BoundedSquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float bound)
    {
        const int Chunk = 64;
        float sum = 0;
        for (var start = 0; start < a.Length; start += Chunk)
        {
            var length = Math.Min(Chunk, a.Length - start);
            sum += SquaredDistance(a.Slice(start, length), b.Slice(start, length));
            if (sum >= bound)
            {
                break;
            }
        }

        return sum;
    }

    /// <summary>The vector path: whole <see cref="Vector{T}"/> lanes, then the remainder one by one.</summary>
    internal static float SquaredDistanceSimd(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            ThrowHelper.ThrowArgument("Vectors of different lengths have no distance.", nameof(b));
        }

        var va = MemoryMarshal.Cast<float, Vector<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
        var acc = Vector<float>.Zero;
        for (var i = 0; i < va.Length; i++)
        {
            var d = va[i] - vb[i];
            acc += d * d;
        }

        var sum = Vector.Sum(acc);
        for (var i = va.Length * Vector<float>.Count; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>The scalar fallback.</summary>
    internal static float SquaredDistanceScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            ThrowHelper.ThrowArgument("Vectors of different lengths have no distance.", nameof(b));
        }

        float sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    // Neighbours are sorted nearest first, so the first label to reach a vote count holds the nearest sample among
    // labels with that count: a strict "more votes" comparison in that order breaks ties by distance. k² is tiny.
    private KnnMatch Vote(ReadOnlySpan<float> nearest, ReadOnlySpan<int> which)
    {
        int bestLabel = -1, bestVotes = 0;
        var bestDistance = float.PositiveInfinity;
        for (var i = 0; i < which.Length; i++)
        {
            if (which[i] < 0)
            {
                continue;
            }

            var label = _labels[which[i]];
            var votes = 0;
            for (var j = 0; j < which.Length; j++)
            {
                if (which[j] >= 0 && _labels[which[j]] == label)
                {
                    votes++;
                }
            }

            if (votes > bestVotes)
            {
                bestLabel = label;
                bestVotes = votes;
                bestDistance = nearest[i];
            }
        }

        return new KnnMatch(bestLabel, bestVotes, which.Length, MathF.Sqrt(bestDistance));
    }
}
