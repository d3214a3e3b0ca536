namespace EdgeVision.Vision.Ocr;

/// <summary>How <see cref="OcrTrainer"/> builds a model: features, normalised size, deskew, k and segmentation.</summary>
public sealed record OcrTrainerOptions
{
    /// <summary>HOG features on 20 × 20 deskewed characters, k = 3, default segmentation.</summary>
    public static OcrTrainerOptions Default { get; } = new();

    /// <summary>Which features describe a character.</summary>
    public OcrFeatureKind FeatureKind { get; init; } = OcrFeatureKind.Hog;

    /// <summary>The side of the normalised square (a multiple of 4 for HOG).</summary>
    public int NormalizedSize { get; init; } = CharacterNormalizer.DefaultSize;

    /// <summary>Whether slant is removed before characters are described.</summary>
    public bool Deskew { get; init; } = true;

    /// <summary>How many neighbours vote.</summary>
    public int K { get; init; } = 3;

    /// <summary>How the character is cut out of each sample image.</summary>
    public CharacterSegmenterOptions Segmenter { get; init; } = CharacterSegmenterOptions.Default;
}
