using EdgeVision.Vision.Ocr;

namespace EdgeVision.Vision.Tests.Ocr;

/// <summary>
/// Synthetic training and test sets (36 classes, four Hershey faces, differently seeded) and a HOG model trained on
/// the first, made once for all OCR tests.
/// </summary>
public sealed class OcrFixture : IDisposable
{
    public const int TrainPerLabel = 40;
    public const int TestPerLabel = 20;
    public const int TrainSeed = 11;
    public const int TestSeed = 22;

    /// <summary>Harder than the defaults: smaller, more turned and slanted, blurrier, noisier, and a third light on dark.</summary>
    public static readonly SyntheticCharacterOptions Styles = new()
    {
        MinHeight = 14,
        MaxHeight = 28,
        MinStrokeFraction = 0.07,
        MaxStrokeFraction = 0.16,
        MaxRotationDeg = 6,
        MaxShear = 0.2,
        MaxBlurSigma = 1.2,
        MaxNoiseSigma = 8,
        LightOnDarkChance = 0.3,
    };

    public OcrFixture()
    {
        Train = SyntheticCharacters.Generate(SyntheticCharacters.DigitsAndLetters, TrainPerLabel, TrainSeed, Styles);
        Test = SyntheticCharacters.Generate(SyntheticCharacters.DigitsAndLetters, TestPerLabel, TestSeed, Styles);
        HogModel = new OcrTrainer().Train(Train);
    }

    public LabelledSampleSet Train { get; }

    public LabelledSampleSet Test { get; }

    public OcrModel HogModel { get; }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class OcrGroup : ICollectionFixture<OcrFixture>
{
    public const string Name = "ocr";
}
