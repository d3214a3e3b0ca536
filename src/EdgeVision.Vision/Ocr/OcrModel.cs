using System.Collections.ObjectModel;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// A trained character model: the label table, how characters are normalised and described, k, and the training
/// vectors with their labels. Immutable; saved and loaded with <see cref="Save"/> and <see cref="Load"/>.
/// </summary>
public sealed partial class OcrModel
{
    private readonly string[] _labels;
    private readonly float[] _vectors;
    private readonly int[] _sampleLabels;

    /// <summary>
    /// Creates a model. <paramref name="vectors"/> holds one feature vector per sample, one after the other;
    /// <paramref name="sampleLabels"/> the index into <paramref name="labels"/> of each sample. Both are copied.
    /// </summary>
    public OcrModel(
        IReadOnlyList<string> labels,
        OcrFeatureKind featureKind,
        int normalizedSize,
        bool deskew,
        int k,
        ReadOnlySpan<int> sampleLabels,
        ReadOnlySpan<float> vectors)
        : this(ToArray(labels), featureKind, normalizedSize, deskew, k, sampleLabels.ToArray(), vectors.ToArray())
    {
    }

    private OcrModel(string[] labels, OcrFeatureKind featureKind, int normalizedSize, bool deskew, int k, int[] sampleLabels, float[] vectors)
    {
        var problem = Check(labels, featureKind, normalizedSize, k, sampleLabels, vectors, out var dimension);
        if (problem is not null)
        {
            ThrowHelper.ThrowArgument(problem, nameof(vectors));
        }

        _labels = labels;
        _vectors = vectors;
        _sampleLabels = sampleLabels;
        Labels = Array.AsReadOnly(labels);
        FeatureKind = featureKind;
        NormalizedSize = normalizedSize;
        Deskew = deskew;
        K = k;
        Dimension = dimension;
        Classifier = new KnnClassifier(vectors, sampleLabels, dimension, k);
    }

    /// <summary>The label table (usually single characters); classifiers answer indices into it.</summary>
    public ReadOnlyCollection<string> Labels { get; }

    /// <summary>Which features describe a character.</summary>
    public OcrFeatureKind FeatureKind { get; }

    /// <summary>The side of the normalised character square.</summary>
    public int NormalizedSize { get; }

    /// <summary>Whether characters are deskewed before they are described.</summary>
    public bool Deskew { get; }

    /// <summary>How many neighbours vote.</summary>
    public int K { get; }

    /// <summary>The length of a feature vector.</summary>
    public int Dimension { get; }

    /// <summary>How many training samples the model holds.</summary>
    public int SampleCount => _sampleLabels.Length;

    /// <summary>The training vectors, <see cref="Dimension"/> floats per sample.</summary>
    public ReadOnlySpan<float> Vectors => _vectors;

    /// <summary>The label index of each training sample.</summary>
    public ReadOnlySpan<int> SampleLabels => _sampleLabels;

    /// <summary>The k-NN classifier over the training vectors (shared, immutable).</summary>
    public KnnClassifier Classifier { get; }

    /// <summary>The index of <paramref name="label"/> in <see cref="Labels"/>, or −1.</summary>
    public int IndexOf(string label) => Array.IndexOf(_labels, label);

    /// <summary>Creates the feature extractor this model's vectors were made with (one per reader; not thread-safe).</summary>
    public IOcrFeatureExtractor CreateFeatureExtractor() => OcrFeatures.Create(FeatureKind, NormalizedSize);

    /// <summary>Creates the normaliser this model's characters were prepared with.</summary>
    public CharacterNormalizer CreateNormalizer() => new(NormalizedSize, Deskew);

    private static string[] ToArray(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var array = new string[labels.Count];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = labels[i];
        }

        return array;
    }

    // Returns what is wrong with the parts of a model, or null; shared by the constructor and the loader.
    private static string? Check(string[] labels, OcrFeatureKind kind, int size, int k, int[] sampleLabels, float[] vectors, out int dimension)
    {
        dimension = 0;
        if (labels.Length == 0)
        {
            return "A model needs at least one label.";
        }

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (string.IsNullOrEmpty(label))
            {
                return "Labels must not be empty.";
            }

            if (!distinct.Add(label))
            {
                return $"The label '{label}' appears twice.";
            }
        }

        if (kind is not (OcrFeatureKind.Hog or OcrFeatureKind.RawPixels))
        {
            return $"Unknown feature kind {(int)kind}.";
        }

        if (size is < 8 or > 128 || (kind == OcrFeatureKind.Hog && size % HogFeatures.Cells != 0))
        {
            return $"A normalised size of {size} is not supported for {kind} features.";
        }

        if (k is < 1 or > KnnClassifier.MaxK)
        {
            return $"k must be within 1..{KnnClassifier.MaxK}, not {k}.";
        }

        if (sampleLabels.Length == 0)
        {
            return "A model needs at least one training sample.";
        }

        dimension = OcrFeatures.Create(kind, size).Dimension;
        if (vectors.Length != (long)sampleLabels.Length * dimension)
        {
            return $"{sampleLabels.Length} samples of {dimension} {kind} features need {sampleLabels.Length * dimension} floats, not {vectors.Length}.";
        }

        foreach (var label in sampleLabels)
        {
            if ((uint)label >= (uint)labels.Length)
            {
                return $"A sample has label index {label}, outside the {labels.Length} labels.";
            }
        }

        foreach (var value in vectors)
        {
            if (!float.IsFinite(value))
            {
                return "A feature value is not a finite number.";
            }
        }

        return null;
    }
}
