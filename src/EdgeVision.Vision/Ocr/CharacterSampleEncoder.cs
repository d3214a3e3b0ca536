using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// Turns an image of one character into its feature vector the same way the reader treats each character of a line:
/// segment, normalise, describe. Shared by training and evaluation so both see characters exactly as reading does.
/// </summary>
internal sealed class CharacterSampleEncoder : IDisposable
{
    private readonly CharacterSegmenter _segmenter;
    private readonly CharacterNormalizer _normalizer;
    private readonly IOcrFeatureExtractor _extractor;

    public CharacterSampleEncoder(OcrFeatureKind kind, int size, bool deskew, CharacterSegmenterOptions? segmenter)
    {
        _extractor = OcrFeatures.Create(kind, size);
        _segmenter = new CharacterSegmenter(segmenter);
        _normalizer = new CharacterNormalizer(size, deskew);
    }

    public int Dimension => _extractor.Dimension;

    /// <summary>
    /// Writes the features of the character in <paramref name="gray"/>; false when no ink was found. Pieces that the
    /// segmenter keeps apart (a character that falls into two column groups) are taken together.
    /// </summary>
    public bool TryEncode(Mat gray, Span<float> features)
    {
        Span<Rect> box = stackalloc Rect[1];
        _segmenter.Segment(gray, box);
        if (_segmenter.FoundCount == 0)
        {
            return false;
        }

        if (_segmenter.FoundCount == 1)
        {
            _normalizer.Normalize(_segmenter, 0);
        }
        else
        {
            _normalizer.Normalize(_segmenter.Binary, _segmenter.UnionOfAll());
        }

        _extractor.Extract(_normalizer.Pixels, features);
        return true;
    }

    public void Dispose()
    {
        _segmenter.Dispose();
        _normalizer.Dispose();
    }
}
