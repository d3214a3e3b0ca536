using EdgeVision.Vision.Ocr;

namespace EdgeVision.Vision.Tests.Ocr;

[Collection(OcrGroup.Name)]
public class OcrModelTests(OcrFixture fixture)
{
    [Fact]
    public void A_saved_and_loaded_model_is_the_same_and_predicts_the_same()
    {
        var model = fixture.HogModel;
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = OcrModel.Load(stream);

        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal((model.FeatureKind, model.NormalizedSize, model.Deskew, model.K, model.Dimension, model.SampleCount),
            (loaded.FeatureKind, loaded.NormalizedSize, loaded.Deskew, loaded.K, loaded.Dimension, loaded.SampleCount));
        Assert.True(model.Vectors.SequenceEqual(loaded.Vectors));
        Assert.True(model.SampleLabels.SequenceEqual(loaded.SampleLabels));
        using var original = new CharacterReader(model);
        using var reloaded = new CharacterReader(loaded);
        for (var i = 0; i < fixture.Test.Count; i += 7)
        {
            var image = fixture.Test[i].Image;
            var expected = original.ReadText(image);
            var expectedCharacters = original.LastCharacters.ToArray();
            Assert.Equal(expected, reloaded.ReadText(image));
            Assert.Equal(expectedCharacters, reloaded.LastCharacters.ToArray());
        }
    }

    [Fact]
    public void A_damaged_model_file_is_rejected_saying_its_checksum_does_not_match()
    {
        var bytes = Saved(fixture.HogModel);
        bytes[bytes.Length / 2] ^= 0x10;

        var error = Assert.Throws<InvalidDataException>(() => OcrModel.Load(new MemoryStream(bytes)));

        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_short_model_file_is_rejected()
    {
        var bytes = Saved(fixture.HogModel);

        var error = Assert.Throws<InvalidDataException>(() => OcrModel.Load(new MemoryStream(bytes, 0, bytes.Length - 100)));

        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_no_model_or_of_another_version_is_rejected_saying_so()
    {
        var bytes = Saved(fixture.HogModel);
        var future = (byte[])bytes.Clone();
        future[4] = 99;

        var notModel = Assert.Throws<InvalidDataException>(() => OcrModel.Load(new MemoryStream("{\"labels\": []}"u8.ToArray())));
        var newer = Assert.Throws<InvalidDataException>(() => OcrModel.Load(new MemoryStream(future)));
        var empty = Assert.Throws<InvalidDataException>(() => OcrModel.Load(new MemoryStream()));

        Assert.Contains("Not an EdgeVision OCR model", notModel.Message, StringComparison.Ordinal);
        Assert.Contains("version 99", newer.Message, StringComparison.Ordinal);
        Assert.Contains("Not an EdgeVision OCR model", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_inconsistent_parts_is_refused()
    {
        string[] labels = ["A", "B"];
        var dimension = new RawPixelFeatures(8).Dimension;

        var wrongLength = Assert.Throws<ArgumentException>(() => new OcrModel(labels, OcrFeatureKind.RawPixels, 8, false, 1, [0, 1], new float[dimension]));
        var badLabel = Assert.Throws<ArgumentException>(() => new OcrModel(labels, OcrFeatureKind.RawPixels, 8, false, 1, [0, 2], new float[2 * dimension]));
        var twice = Assert.Throws<ArgumentException>(() => new OcrModel(["A", "A"], OcrFeatureKind.RawPixels, 8, false, 1, [0, 1], new float[2 * dimension]));
        var noSamples = Assert.Throws<ArgumentException>(() => new OcrModel(labels, OcrFeatureKind.RawPixels, 8, false, 1, [], []));
        var fine = new OcrModel(labels, OcrFeatureKind.RawPixels, 8, false, 1, [0, 1], new float[2 * dimension]);

        Assert.Contains("need", wrongLength.Message, StringComparison.Ordinal);
        Assert.Contains("label index 2", badLabel.Message, StringComparison.Ordinal);
        Assert.Contains("twice", twice.Message, StringComparison.Ordinal);
        Assert.Contains("at least one training sample", noSamples.Message, StringComparison.Ordinal);
        Assert.Equal(2, fine.SampleCount);
    }

    private static byte[] Saved(OcrModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
