using EdgeVision.Vision.Ocr;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Ocr;

[Collection(OcrGroup.Name)]
public class OcrAccuracyTests(OcrFixture fixture, ITestOutputHelper output)
{
    // Measured 99.58 % (717/720) for HOG and 99.31 % (715/720) for raw pixels on this data: after binarisation, deskew and
    // aspect-kept scaling both features separate these four faces well; the errors left are 0/O, 8/6 and B/8.
    private const double HogFloor = 0.95;
    private const double RawFloor = 0.90;

    [Fact]
    public void Hog_features_read_at_least_95_percent_of_a_differently_seeded_test_set()
    {
        var evaluation = new OcrTrainer().Evaluate(fixture.HogModel, fixture.Test);

        output.WriteLine(evaluation.Format());
        Assert.Equal(OcrFixture.TestPerLabel * 36, evaluation.SampleCount);
        Assert.True(evaluation.Accuracy >= HogFloor, $"HOG read {evaluation.Accuracy:P2} (floor {HogFloor:P0})");
    }

    [Fact]
    public void Raw_pixels_are_measured_as_the_baseline_and_stay_above_a_sane_floor()
    {
        var trainer = new OcrTrainer(new OcrTrainerOptions { FeatureKind = OcrFeatureKind.RawPixels });

        var model = trainer.Train(fixture.Train);
        var evaluation = trainer.Evaluate(model, fixture.Test);

        output.WriteLine($"raw pixels: {evaluation.Accuracy:P2} ({evaluation.Correct}/{evaluation.SampleCount}), dimension {model.Dimension}");
        Assert.Equal(OcrFeatureKind.RawPixels, model.FeatureKind);
        Assert.Equal(20 * 20, model.Dimension);
        Assert.True(evaluation.Accuracy >= RawFloor, $"raw pixels read {evaluation.Accuracy:P2} (floor {RawFloor:P0})");
    }

    [Fact]
    public void Training_with_a_holdout_keeps_a_share_of_every_label_apart_and_is_repeatable()
    {
        var trainer = new OcrTrainer();

        var first = trainer.TrainWithHoldout(fixture.Train, 0.25, 5);
        var again = trainer.TrainWithHoldout(fixture.Train, 0.25, 5);

        output.WriteLine($"held-out accuracy {first.Holdout.Accuracy:P2} on {first.Holdout.SampleCount}, trained on {first.TrainingCount}");
        Assert.Equal(36 * 10, first.Holdout.SampleCount);
        Assert.Equal(36 * 30, first.TrainingCount);
        Assert.Equal(first.TrainingCount, first.Model.SampleCount);
        for (var label = 0; label < 36; label++)
        {
            var row = 0;
            for (var read = 0; read <= 36; read++)
            {
                row += first.Holdout.Count(label, read);
            }

            Assert.Equal(10, row);
        }

        Assert.Equal(first.Holdout.Correct, again.Holdout.Correct);
        Assert.Equal(first.Model.Vectors.ToArray(), again.Model.Vectors.ToArray());
        Assert.True(first.Holdout.Accuracy >= HogFloor, $"held-out accuracy {first.Holdout.Accuracy:P2}");
    }
}
