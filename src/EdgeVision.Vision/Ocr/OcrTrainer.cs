using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>A model trained on part of the samples and how it read the rest.</summary>
/// <param name="Model">The model trained on the training part.</param>
/// <param name="Holdout">Its evaluation on the held-out part.</param>
/// <param name="TrainingCount">How many samples it was trained on.</param>
public sealed record OcrHoldoutResult(OcrModel Model, OcrEvaluation Holdout, int TrainingCount);

/// <summary>
/// Builds character models from labelled single-character images and measures them. Each image goes through the same
/// segmentation and normalisation as reading does. Training code: allocates freely.
/// </summary>
public sealed class OcrTrainer
{
    private readonly OcrTrainerOptions _options;

    /// <summary>Creates a trainer with the given settings (the defaults when null).</summary>
    public OcrTrainer(OcrTrainerOptions? options = null)
    {
        _options = options ?? OcrTrainerOptions.Default;
        _options.Segmenter.Validate();
    }

    /// <summary>The settings in use.</summary>
    public OcrTrainerOptions Options => _options;

    /// <summary>
    /// Builds a model from <paramref name="samples"/> (8-bit gray images of one character each); labels are sorted
    /// ordinally. Throws <see cref="ArgumentException"/> naming the sample when no character is found in one.
    /// </summary>
    public OcrModel Train(IReadOnlyList<(Mat Image, string Label)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            ThrowHelper.ThrowArgument("Training needs at least one sample.", nameof(samples));
        }

        var labels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, label) in samples)
        {
            if (string.IsNullOrEmpty(label))
            {
                ThrowHelper.ThrowArgument("Every sample needs a label.", nameof(samples));
            }

            labels.Add(label);
        }

        var table = new string[labels.Count];
        labels.CopyTo(table);
        using var encoder = new CharacterSampleEncoder(_options.FeatureKind, _options.NormalizedSize, _options.Deskew, _options.Segmenter);
        var dimension = encoder.Dimension;
        var vectors = new float[samples.Count * dimension];
        var sampleLabels = new int[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            var (image, label) = samples[i];
            if (!encoder.TryEncode(image, vectors.AsSpan(i * dimension, dimension)))
            {
                ThrowHelper.ThrowArgument($"No character was found in training sample {i} ('{label}').", nameof(samples));
            }

            sampleLabels[i] = Array.BinarySearch(table, label, StringComparer.Ordinal);
        }

        return new OcrModel(table, _options.FeatureKind, _options.NormalizedSize, _options.Deskew, _options.K, sampleLabels, vectors);
    }

    /// <summary>
    /// Reads every sample with <paramref name="model"/> (segmented with this trainer's settings) and counts the
    /// answers. Every sample's label must be one of the model's.
    /// </summary>
    public OcrEvaluation Evaluate(OcrModel model, IReadOnlyList<(Mat Image, string Label)> samples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(samples);
        var n = model.Labels.Count;
        var counts = new int[n * (n + 1)];
        using var encoder = new CharacterSampleEncoder(model.FeatureKind, model.NormalizedSize, model.Deskew, _options.Segmenter);
        var features = new float[model.Dimension];
        for (var i = 0; i < samples.Count; i++)
        {
            var (image, label) = samples[i];
            var actual = model.IndexOf(label);
            if (actual < 0)
            {
                ThrowHelper.ThrowArgument($"Sample {i} is labelled '{label}', which the model does not know.", nameof(samples));
            }

            var predicted = encoder.TryEncode(image, features) ? model.Classifier.Classify(features).Label : n;
            counts[(actual * (n + 1)) + predicted]++;
        }

        return new OcrEvaluation(model.Labels, counts);
    }

    /// <summary>
    /// Holds out about <paramref name="holdoutFraction"/> of each label's samples (chosen by a generator seeded with
    /// <paramref name="seed"/>, so the split is repeatable; every label keeps at least one training sample), trains on
    /// the rest and evaluates on the held-out part.
    /// </summary>
    public OcrHoldoutResult TrainWithHoldout(IReadOnlyList<(Mat Image, string Label)> samples, double holdoutFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (holdoutFraction is <= 0 or >= 1)
        {
            ThrowHelper.ThrowArgument($"The holdout fraction must be within (0, 1), not {holdoutFraction}.", nameof(holdoutFraction));
        }

        // Indices per label in order of first appearance, so the split depends only on the samples and the seed.
        var byLabel = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < samples.Count; i++)
        {
            var label = samples[i].Label;
            if (!byLabel.TryGetValue(label, out var list))
            {
                byLabel[label] = list = [];
                order.Add(label);
            }

            list.Add(i);
        }

        var random = new Random(seed);
        var training = new List<(Mat Image, string Label)>();
        var holdout = new List<(Mat Image, string Label)>();
        foreach (var label in order)
        {
            var indices = byLabel[label].ToArray();
            random.Shuffle(indices);
            var held = Math.Min(indices.Length - 1, Math.Max(1, (int)Math.Round(indices.Length * holdoutFraction)));
            for (var j = 0; j < indices.Length; j++)
            {
                (j < held ? holdout : training).Add(samples[indices[j]]);
            }
        }

        var model = Train(training);
        return new OcrHoldoutResult(model, Evaluate(model, holdout), training.Count);
    }
}
