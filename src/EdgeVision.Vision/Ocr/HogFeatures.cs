namespace EdgeVision.Vision.Ocr;

/// <summary>
/// Histograms of oriented gradients, computed here rather than with OpenCV's HOGDescriptor so that a character costs
/// no allocation and no native call. The square is split into 4 × 4 cells; each pixel's gradient (central differences)
/// votes its magnitude into orientation bins over the full circle (ink is always bright after normalisation, so the
/// sign of a gradient tells the inside of a stroke from the outside), interpolated linearly between the two nearest
/// bins and bilinearly between the four nearest cell centres. Overlapping blocks of 2 × 2 cells (3 × 3 of them) are
/// each normalised to unit length, clipped at 0.2 and normalised again (L2-Hys), which makes the vector independent
/// of stroke contrast. Not thread-safe: one instance per reader.
/// </summary>
public sealed class HogFeatures : IOcrFeatureExtractor
{
    /// <summary>Cells per side of the square.</summary>
    public const int Cells = 4;

    /// <summary>Default number of orientation bins over 360°.</summary>
    public const int DefaultBins = 9;

    private const float Clip = 0.2f;

    private readonly int _bins;
    private readonly float _cellSize;
    private readonly float[] _histograms;

    /// <summary>Creates the extractor for <paramref name="size"/>² characters (a multiple of 4, at least 8).</summary>
    public HogFeatures(int size)
        : this(size, DefaultBins)
    {
    }

    /// <summary>Creates the extractor with <paramref name="bins"/> orientation bins over the full circle.</summary>
    public HogFeatures(int size, int bins)
    {
        if (size is < 8 or > 128 || size % Cells != 0)
        {
            ThrowHelper.ThrowArgument($"HOG needs a normalised size that is a multiple of {Cells} within 8..128, not {size}.", nameof(size));
        }

        if (bins is < 4 or > 36)
        {
            ThrowHelper.ThrowArgument($"HOG needs 4..36 orientation bins, not {bins}.", nameof(bins));
        }

        Size = size;
        _bins = bins;
        _cellSize = size / (float)Cells;
        _histograms = new float[Cells * Cells * bins];
    }

    /// <inheritdoc/>
    public OcrFeatureKind Kind => OcrFeatureKind.Hog;

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public int Dimension => (Cells - 1) * (Cells - 1) * 4 * _bins;

    /// <inheritdoc/>
    public void Extract(ReadOnlySpan<byte> pixels, Span<float> features)
    {
        OcrFeatures.CheckSpans(this, pixels, features);
        Vote(pixels);

        // Block (bx, by) covers cells bx..bx+1, by..by+1; its 4 histograms are copied side by side, then normalised.
        var blockLength = 4 * _bins;
        var offset = 0;
        for (var by = 0; by < Cells - 1; by++)
        {
            for (var bx = 0; bx < Cells - 1; bx++)
            {
                var block = features.Slice(offset, blockLength);
                for (var c = 0; c < 4; c++)
                {
                    var cell = ((by + (c >> 1)) * Cells) + bx + (c & 1);
                    _histograms.AsSpan(cell * _bins, _bins).CopyTo(block.Slice(c * _bins, _bins));
                }

                NormalizeHys(block);
                offset += blockLength;
            }
        }
    }

    private void Vote(ReadOnlySpan<byte> pixels)
    {
        Array.Clear(_histograms);
        var size = Size;
        var binsPerRadian = _bins / (2 * MathF.PI);
        for (var y = 0; y < size; y++)
        {
            // Cell coordinate of the pixel centre relative to the cell centres: cell i's centre is at i.
            var cy = ((y + 0.5f) / _cellSize) - 0.5f;
            var cy0 = (int)MathF.Floor(cy);
            var ty = cy - cy0;
            for (var x = 0; x < size; x++)
            {
                float gx = At(pixels, size, x + 1, y) - At(pixels, size, x - 1, y);
                float gy = At(pixels, size, x, y + 1) - At(pixels, size, x, y - 1);
                var magnitude = MathF.Sqrt((gx * gx) + (gy * gy));
                if (magnitude == 0)
                {
                    continue;
                }

                var angle = MathF.Atan2(gy, gx);
                var b = (angle < 0 ? angle + (2 * MathF.PI) : angle) * binsPerRadian;
                var b0 = (int)b;
                var tb = b - b0;
                b0 %= _bins;
                var b1 = (b0 + 1) % _bins;

                var cx = ((x + 0.5f) / _cellSize) - 0.5f;
                var cx0 = (int)MathF.Floor(cx);
                var tx = cx - cx0;
                Add(cx0, cy0, b0, b1, tb, magnitude * (1 - tx) * (1 - ty));
                Add(cx0 + 1, cy0, b0, b1, tb, magnitude * tx * (1 - ty));
                Add(cx0, cy0 + 1, b0, b1, tb, magnitude * (1 - tx) * ty);
                Add(cx0 + 1, cy0 + 1, b0, b1, tb, magnitude * tx * ty);
            }
        }
    }

    private void Add(int cx, int cy, int b0, int b1, float tb, float weight)
    {
        if ((uint)cx >= Cells || (uint)cy >= Cells || weight == 0)
        {
            return;
        }

        var cell = ((cy * Cells) + cx) * _bins;
        _histograms[cell + b0] += weight * (1 - tb);
        _histograms[cell + b1] += weight * tb;
    }

    private static int At(ReadOnlySpan<byte> pixels, int size, int x, int y) =>
        (uint)x < (uint)size && (uint)y < (uint)size ? pixels[(y * size) + x] : 0;

    private static void NormalizeHys(Span<float> block)
    {
        Scale(block, Clip);
        Scale(block, float.MaxValue);
    }

    private static void Scale(Span<float> block, float clip)
    {
        float sum = 0;
        foreach (var v in block)
        {
            sum += v * v;
        }

        var inverse = 1 / MathF.Sqrt(sum + 1e-6f);
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = Math.Min(block[i] * inverse, clip);
        }
    }
}
