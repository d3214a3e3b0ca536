using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// Reads a line of characters from an upright gray patch, frame after frame: segment, normalise each character,
/// describe it and classify it with the model's k-NN. Writes the text and one <see cref="OcrCharacter"/> per character
/// into the caller's spans; owns all of its scratch (images, boxes, feature vector), so a read allocates nothing in
/// steady state apart from OpenCvSharp's per-call array wrappers. One instance per thread.
/// </summary>
public sealed class CharacterReader : IDisposable
{
    private readonly OcrModel _model;
    private readonly CharacterReaderOptions _options;
    private readonly CharacterSegmenter _segmenter;
    private readonly CharacterNormalizer _normalizer;
    private readonly IOcrFeatureExtractor _extractor;
    private readonly float[] _features;
    private readonly Rect[] _boxes;
    private readonly char[] _text;
    private readonly OcrCharacter[] _characters;
    private int _lastCount;

    /// <summary>Creates a reader for <paramref name="model"/> with the given settings (the defaults when null).</summary>
    public CharacterReader(OcrModel model, CharacterReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _options = options ?? CharacterReaderOptions.Default;
        _options.Validate();
        _segmenter = new CharacterSegmenter(_options.Segmenter);
        _normalizer = model.CreateNormalizer();
        _extractor = model.CreateFeatureExtractor();
        _features = new float[_extractor.Dimension];
        _boxes = new Rect[_options.MaxCharacters];
        _characters = new OcrCharacter[_options.MaxCharacters];
        var longest = 1;
        foreach (var label in model.Labels)
        {
            longest = Math.Max(longest, label.Length);
        }

        _text = new char[_options.MaxCharacters * longest];
    }

    /// <summary>The model in use.</summary>
    public OcrModel Model => _model;

    /// <summary>The segmenter, whose binary and label images show what the last read saw.</summary>
    public CharacterSegmenter Segmenter => _segmenter;

    /// <summary>The characters of the last <see cref="ReadText(Mat)"/> call.</summary>
    public ReadOnlySpan<OcrCharacter> LastCharacters => _characters.AsSpan(0, _lastCount);

    /// <summary>
    /// Reads <paramref name="gray"/> (8-bit, one channel, text roughly horizontal): writes the text (a character
    /// below the confidence bounds as <see cref="CharacterReaderOptions.RejectCharacter"/>) into
    /// <paramref name="text"/> and each character into <paramref name="characters"/>, left to right.
    /// </summary>
    public OcrReading Read(Mat gray, Span<char> text, Span<OcrCharacter> characters)
    {
        var limit = Math.Min(characters.Length, _boxes.Length);
        var count = _segmenter.Segment(gray, _boxes.AsSpan(0, limit));
        int length = 0, rejected = 0;
        var lowest = count == 0 ? 0f : 1f;
        var textFits = true;
        for (var i = 0; i < count; i++)
        {
            _normalizer.Normalize(_segmenter, i);
            _extractor.Extract(_normalizer.Pixels, _features);
            var match = _model.Classifier.Classify(_features);
            var accepted = match.Confidence >= _options.MinConfidence && match.NearestDistance <= _options.MaxDistance;
            var label = _model.Labels[match.Label];
            characters[i] = new OcrCharacter(_boxes[i], match.Label, label, match.Confidence, match.NearestDistance, accepted);
            lowest = Math.Min(lowest, match.Confidence);
            if (!accepted)
            {
                rejected++;
            }

            if (accepted && length + label.Length <= text.Length)
            {
                label.AsSpan().CopyTo(text[length..]);
                length += label.Length;
            }
            else if (!accepted && length < text.Length)
            {
                text[length++] = _options.RejectCharacter;
            }
            else
            {
                textFits = false;
            }
        }

        return new OcrReading(length, count, _segmenter.FoundCount, rejected, lowest, textFits);
    }

    /// <summary>Reads <paramref name="gray"/> into the reader's own buffers and returns the text, the only allocation.</summary>
    public string ReadText(Mat gray) => ReadText(gray, out _);

    /// <summary>Reads <paramref name="gray"/> like <see cref="ReadText(Mat)"/> and also returns the summary.</summary>
    public string ReadText(Mat gray, out OcrReading reading)
    {
        reading = Read(gray, _text, _characters);
        _lastCount = reading.Count;
        return reading.Length == 0 ? string.Empty : new string(_text, 0, reading.Length);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _segmenter.Dispose();
        _normalizer.Dispose();
    }
}
