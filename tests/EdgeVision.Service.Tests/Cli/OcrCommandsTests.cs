using EdgeVision.Service.Cli;
using EdgeVision.Vision.Ocr;

namespace EdgeVision.Service.Tests.Cli;

public class OcrCommandsTests
{
    [Fact]
    public void Samples_train_and_test_round_trip_reports_held_out_accuracy_and_a_confusion_matrix()
    {
        using var dir = new TempDirectory();
        var train = Path.Combine(dir.Path, "train");
        var test = Path.Combine(dir.Path, "test");
        var model = Path.Combine(dir.Path, "chars.model");
        Assert.Equal(0, OcrCommands.Samples(train, 12, seed: 3, TextWriter.Null));
        Assert.Equal(0, OcrCommands.Samples(test, 4, seed: 4, TextWriter.Null));
        Assert.Equal(36, Directory.GetDirectories(train).Length);
        var trainOut = new StringWriter();
        var testOut = new StringWriter();

        Assert.Equal(0, OcrCommands.Train(train, model, OcrFeatureKind.Hog, 3, 0.25, 1, trainOut, TextWriter.Null));
        Assert.Equal(0, OcrCommands.Test(model, test, testOut, TextWriter.Null));

        Assert.Contains("432 samples, 36 labels, Hog features, k = 3", trainOut.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(model));
        var report = testOut.ToString();
        using var stream = File.OpenRead(model);
        var loaded = OcrModel.Load(stream);
        using var samples = SyntheticCharacters.Generate(SyntheticCharacters.DigitsAndLetters, 4, 4);
        var expected = new OcrTrainer().Evaluate(loaded, samples);
        Assert.Equal(expected.Format(), report);
        Assert.True(expected.Accuracy >= 0.9, report);
    }

    [Fact]
    public void A_damaged_model_or_an_empty_sample_folder_is_refused_with_a_message()
    {
        using var dir = new TempDirectory();
        var model = Path.Combine(dir.Path, "bad.model");
        File.WriteAllText(model, "not a model");
        var stderr = new StringWriter();

        Assert.Equal(2, OcrCommands.Test(model, dir.Path, TextWriter.Null, stderr));
        Assert.Contains("bad.model", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, OcrCommands.Train(dir.Path, Path.Combine(dir.Path, "m"), OcrFeatureKind.Hog, 3, 0.2, 1, TextWriter.Null, stderr));
        Assert.Contains("holds no labelled images", stderr.ToString(), StringComparison.Ordinal);
    }
}
