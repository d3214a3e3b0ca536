namespace EdgeVision.Vision.Ocr;

/// <summary>The baseline feature: each normalised pixel scaled to 0..1, row by row.</summary>
public sealed class RawPixelFeatures : IOcrFeatureExtractor
{
    /// <summary>Creates the extractor for <paramref name="size"/>² characters.</summary>
    public RawPixelFeatures(int size)
    {
        if (size is < 4 or > 128)
        {
            ThrowHelper.ThrowArgument($"The normalised size must be within 4..128 pixels, not {size}.", nameof(size));
        }

        Size = size;
    }

    /// <inheritdoc/>
    public OcrFeatureKind Kind => OcrFeatureKind.RawPixels;

    /// <inheritdoc/>
    public int Size { get; }

    /// <inheritdoc/>
    public int Dimension => Size * Size;

    /// <inheritdoc/>
    public void Extract(ReadOnlySpan<byte> pixels, Span<float> features)
    {
        OcrFeatures.CheckSpans(this, pixels, features);
        for (var i = 0; i < Dimension; i++)
        {
            features[i] = pixels[i] * (1f / 255);
        }
    }
}
