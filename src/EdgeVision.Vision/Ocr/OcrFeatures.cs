using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>Which feature vector a character model compares.</summary>
public enum OcrFeatureKind
{
    /// <summary>Histograms of oriented gradients (<see cref="HogFeatures"/>).</summary>
    Hog = 1,

    /// <summary>The normalised pixels themselves (<see cref="RawPixelFeatures"/>), the baseline.</summary>
    RawPixels = 2,
}

/// <summary>Turns a normalised character square into a feature vector written into the caller's span.</summary>
public interface IOcrFeatureExtractor
{
    /// <summary>Which kind of feature this is.</summary>
    OcrFeatureKind Kind { get; }

    /// <summary>The side of the normalised square it expects.</summary>
    int Size { get; }

    /// <summary>The length of the feature vector.</summary>
    int Dimension { get; }

    /// <summary>
    /// Writes the features of <paramref name="pixels"/> (<see cref="Size"/>² bytes, row by row, ink bright) into the
    /// first <see cref="Dimension"/> elements of <paramref name="features"/>.
    /// </summary>
    void Extract(ReadOnlySpan<byte> pixels, Span<float> features);
}

/// <summary>Creates feature extractors and reads normalised images into them.</summary>
public static class OcrFeatures
{
    /// <summary>Creates the extractor of <paramref name="kind"/> for <paramref name="size"/>² characters.</summary>
    public static IOcrFeatureExtractor Create(OcrFeatureKind kind, int size) => kind switch
    {
        OcrFeatureKind.Hog => new HogFeatures(size),
        OcrFeatureKind.RawPixels => new RawPixelFeatures(size),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown OCR feature kind."),
    };

    /// <summary>Extracts the features of a continuous <c>Size × Size</c> 8-bit image such as <see cref="CharacterNormalizer.Normalized"/>.</summary>
    public static unsafe void Extract(this IOcrFeatureExtractor extractor, Mat normalized, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(normalized);
        var size = extractor.Size;
        if (normalized.Type() != MatType.CV_8UC1 || normalized.Rows != size || normalized.Cols != size || !normalized.IsContinuous())
        {
            ThrowHelper.ThrowArgument($"A continuous 8-bit {size}×{size} image is needed.", nameof(normalized));
        }

        extractor.Extract(new ReadOnlySpan<byte>((void*)normalized.DataPointer, size * size), features);
    }

    /// <summary>Throws when the pixel or feature span is too short for the extractor.</summary>
    internal static void CheckSpans(IOcrFeatureExtractor extractor, ReadOnlySpan<byte> pixels, Span<float> features)
    {
        if (pixels.Length < extractor.Size * extractor.Size)
        {
            ThrowHelper.ThrowArgument($"{extractor.Size * extractor.Size} pixels are needed, not {pixels.Length}.", nameof(pixels));
        }

        if (features.Length < extractor.Dimension)
        {
            ThrowHelper.ThrowArgument($"Room for {extractor.Dimension} features is needed, not {features.Length}.", nameof(features));
        }
    }
}
