using System.Globalization;
using EdgeVision.Acquisition.Replay;
using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Service.Cli;

/// <summary>
/// The OCR verbs: <c>train ocr</c> builds a k-NN model from a folder of labelled character images (one sub-folder
/// per label) and reports accuracy on a held-out split; <c>ocr test</c> reports a model's accuracy and confusion
/// matrix on any labelled folder; <c>ocr samples</c> writes synthetic labelled characters to try both.
/// </summary>
public static class OcrCommands
{
    /// <summary>Trains a model; returns the exit code (0 done, 2 bad input).</summary>
    public static int Train(string samplesDirectory, string modelFile, OcrFeatureKind features, int k, double holdout, int seed, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (!TryLoad(samplesDirectory, stderr, out var samples))
        {
            return 2;
        }

        using (samples)
        {
            try
            {
                var trainer = new OcrTrainer(new OcrTrainerOptions { FeatureKind = features, K = k });
                var result = trainer.TrainWithHoldout(samples, holdout, seed);

                // The held-out split measured accuracy; the model written is trained on every sample.
                var model = trainer.Train(samples);
                using (var stream = File.Create(modelFile))
                {
                    model.Save(stream);
                }

                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{samples.Count} samples, {model.Labels.Count} labels, {features} features, k = {k}"));
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out {holdout:P0} ({result.Holdout.SampleCount} samples, trained on {result.TrainingCount}):"));
                stdout.Write(result.Holdout.Format());
                stdout.WriteLine($"wrote {Path.GetFullPath(modelFile)} (trained on all {samples.Count} samples)");
                return 0;
            }
            catch (ArgumentException e)
            {
                stderr.WriteLine($"train ocr: {e.Message}");
                return 2;
            }
        }
    }

    /// <summary>Evaluates a model on a labelled folder; returns the exit code.</summary>
    public static int Test(string modelFile, string samplesDirectory, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        OcrModel model;
        try
        {
            using var stream = File.OpenRead(modelFile);
            model = OcrModel.Load(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"ocr test: model '{modelFile}': {e.Message}");
            return 2;
        }

        if (!TryLoad(samplesDirectory, stderr, out var samples))
        {
            return 2;
        }

        using (samples)
        {
            var evaluation = new OcrTrainer(new OcrTrainerOptions { FeatureKind = model.FeatureKind, K = model.K, NormalizedSize = model.NormalizedSize, Deskew = model.Deskew }).Evaluate(model, samples);
            stdout.Write(evaluation.Format());
            return 0;
        }
    }

    /// <summary>Writes <paramref name="perLabel"/> synthetic samples of every digit and capital letter into sub-folders.</summary>
    public static int Samples(string outDirectory, int perLabel, int seed, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        using var set = SyntheticCharacters.Generate(SyntheticCharacters.DigitsAndLetters, perLabel, seed);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (image, label) in set)
        {
            var dir = Directory.CreateDirectory(Path.Combine(outDirectory, label)).FullName;
            var n = counters.GetValueOrDefault(label);
            counters[label] = n + 1;
            Cv2.ImWrite(Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"{n:D4}.png")), image);
        }

        stdout.WriteLine($"wrote {set.Count} samples of {counters.Count} labels to {Path.GetFullPath(outDirectory)}");
        return 0;
    }

    /// <summary>Reads every image under <paramref name="directory"/>/LABEL/ as a gray sample of LABEL.</summary>
    private static bool TryLoad(string directory, TextWriter stderr, out LabelledSampleSet samples)
    {
        samples = new LabelledSampleSet([]);
        if (!Directory.Exists(directory))
        {
            stderr.WriteLine($"samples folder '{directory}' does not exist");
            return false;
        }

        var list = new List<(Mat, string)>();
        foreach (var labelDir in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var label = Path.GetFileName(labelDir);
            foreach (var file in ReplayReader.ImageFilesIn(labelDir))
            {
                var image = Cv2.ImRead(file, ImreadModes.Grayscale);
                if (image.Empty())
                {
                    image.Dispose();
                    stderr.WriteLine($"'{file}' could not be read as an image");
                    foreach (var (m, _) in list)
                    {
                        m.Dispose();
                    }

                    return false;
                }

                list.Add((image, label));
            }
        }

        if (list.Count == 0)
        {
            stderr.WriteLine($"samples folder '{directory}' holds no labelled images (expected one sub-folder per label, e.g. {directory}/A/0001.png)");
            return false;
        }

        samples = new LabelledSampleSet(list);
        return true;
    }
}
