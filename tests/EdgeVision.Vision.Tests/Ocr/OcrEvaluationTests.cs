using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Ocr;

[Collection(OcrGroup.Name)]
public class OcrEvaluationTests(OcrFixture fixture)
{
    [Fact]
    public void Confusion_counts_sum_to_the_sample_count_and_the_diagonal_counts_the_correct_readings()
    {
        var model = fixture.HogModel;
        using var blank = new Mat(40, 30, MatType.CV_8UC1, Scalar.All(200));
        var samples = new List<(Mat Image, string Label)>(fixture.Test) { (blank, "A") };

        var evaluation = new OcrTrainer().Evaluate(model, samples);

        var correct = CountCorrectOneByOne(model, samples);
        var n = model.Labels.Count;
        int total = 0, diagonal = 0;
        for (var actual = 0; actual < n; actual++)
        {
            for (var read = 0; read <= n; read++)
            {
                total += evaluation.Count(actual, read);
            }

            diagonal += evaluation.Count(actual, actual);
        }

        Assert.Equal(samples.Count, evaluation.SampleCount);
        Assert.Equal(samples.Count, total);
        Assert.Equal(correct, diagonal);
        Assert.Equal(correct, evaluation.Correct);
        Assert.Equal(1, evaluation.Count(model.IndexOf("A"), evaluation.NoneFound));
        Assert.Equal(correct / (double)samples.Count, evaluation.Accuracy, 12);
    }

    [Fact]
    public void The_formatted_matrix_lines_up_in_columns()
    {
        string[] labels = ["A", "B", "10"];
        int[] counts =
        [
            12, 1, 0, 0,
            0, 9, 3, 1,
            0, 0, 150, 0,
        ];
        var evaluation = new OcrEvaluation(labels, counts);

        var lines = evaluation.Format().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("accuracy 97.16 % (171/176)", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.All(lines[1..], line => Assert.Equal(lines[1].Length, line.Length));
        Assert.EndsWith("   A   B  10 none", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("  0   9   3    1", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("10 ", lines[4], StringComparison.Ordinal);
        Assert.Equal(evaluation.Format(), evaluation.ToString());
    }

    private static int CountCorrectOneByOne(OcrModel model, List<(Mat Image, string Label)> samples)
    {
        using var encoder = new CharacterSampleEncoder(model.FeatureKind, model.NormalizedSize, model.Deskew, null);
        var features = new float[model.Dimension];
        var correct = 0;
        foreach (var (image, label) in samples)
        {
            if (encoder.TryEncode(image, features) && model.Labels[model.Classifier.Classify(features).Label] == label)
            {
                correct++;
            }
        }

        return correct;
    }
}
