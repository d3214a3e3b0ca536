using EdgeVision.Vision.Ocr;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Ocr;

[Collection(OcrGroup.Name)]
public class CharacterReaderTests(OcrFixture fixture, ITestOutputHelper output)
{
    private const string Serial = "AB12C9";
    private const int WarmUp = 20;
    private const int Measured = 200;

    // Measured 936 bytes per read of six characters (dark text, automatic polarity): OpenCvSharp's InputArray and
    // OutputArray wrappers of the segmenter's four native calls; nothing is allocated per character.
    private const double MaxBytesPerRead = 1536;

    [Fact]
    public void A_rendered_serial_is_read_back_with_its_characters_in_order()
    {
        using var image = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain with { NoiseSigma = 4 }, new Random(1));
        using var reader = new CharacterReader(fixture.HogModel);
        Span<char> text = stackalloc char[16];
        var characters = new OcrCharacter[16];

        var reading = reader.Read(image, text, characters);

        Assert.Equal(Serial, text[..reading.Length].ToString());
        Assert.True(reading.Accepted);
        Assert.Equal(6, reading.Count);
        Assert.Equal(6, reading.Found);
        Assert.True(reading.LowestConfidence >= 0.5f);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(Serial[i].ToString(), characters[i].Text);
            Assert.Equal(fixture.HogModel.IndexOf(characters[i].Text), characters[i].Label);
            Assert.True(characters[i].Accepted);
            Assert.True(i == 0 || characters[i].Box.X > characters[i - 1].Box.X);
        }
    }

    [Theory]
    [InlineData(3.0, 1)]
    [InlineData(-3.0, 2)]
    [InlineData(2.0, 3)]
    [InlineData(-2.5, 4)]
    [InlineData(1.0, 5)]
    [InlineData(-1.0, 6)]
    public void Slightly_turned_serials_in_every_face_are_read_back(double angle, int seed)
    {
        var random = new Random(seed);
        var fonts = SyntheticCharacterOptions.Default.Fonts;
        var style = SyntheticTextStyle.Plain with
        {
            Font = fonts[seed % fonts.Count],
            Height = 18 + (random.NextDouble() * 8),
            RotationDeg = angle,
            Shear = (random.NextDouble() - 0.5) * 0.2,
            BlurSigma = 0.6,
            NoiseSigma = 5,
        };
        using var image = SyntheticCharacters.Render(Serial, style, random);
        using var reader = new CharacterReader(fixture.HogModel);

        var text = reader.ReadText(image, out var reading);

        Assert.Equal(Serial, text);
        Assert.True(reading.Accepted, $"{reading}");
    }

    [Fact]
    public void A_light_serial_on_a_dark_background_is_read_back()
    {
        using var image = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain with { Ink = 220, Background = 40, NoiseSigma = 4 }, new Random(7));
        using var reader = new CharacterReader(fixture.HogModel);

        Assert.Equal(Serial, reader.ReadText(image));
        Assert.False(reader.Segmenter.TextIsDark);
    }

    [Fact]
    public void Characters_beyond_the_callers_spans_are_counted_but_not_written()
    {
        using var image = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain, new Random(8));
        using var reader = new CharacterReader(fixture.HogModel);
        Span<char> shortText = stackalloc char[3];
        var fewCharacters = new OcrCharacter[4];
        var enough = new OcrCharacter[8];

        var fewBoxes = reader.Read(image, stackalloc char[8], fewCharacters);
        var fewChars = reader.Read(image, shortText, enough);

        Assert.Equal(4, fewBoxes.Count);
        Assert.Equal(6, fewBoxes.Found);
        Assert.False(fewBoxes.Accepted);
        Assert.Equal(6, fewChars.Count);
        Assert.Equal(3, fewChars.Length);
        Assert.False(fewChars.TextFits);
        Assert.False(fewChars.Accepted);
        Assert.Equal("AB1", shortText.ToString());
    }

    [Fact]
    public void Characters_outside_the_distance_bound_are_rejected_and_written_as_the_reject_character()
    {
        using var image = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain, new Random(9));
        using var strict = new CharacterReader(fixture.HogModel, new CharacterReaderOptions { MaxDistance = 1e-3f, RejectCharacter = '#' });

        var text = strict.ReadText(image, out var reading);

        Assert.Equal("######", text);
        Assert.Equal(6, reading.Rejected);
        Assert.False(reading.Accepted);
        foreach (var character in strict.LastCharacters)
        {
            Assert.False(character.Accepted);
            Assert.True(character.Distance > 1e-3f);
        }
    }

    [Fact]
    public void Reading_a_serial_allocates_no_more_than_the_native_call_wrappers_once_warm()
    {
        using var image = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain with { NoiseSigma = 4 }, new Random(10));
        using var reader = new CharacterReader(fixture.HogModel);
        var text = new char[16];
        var characters = new OcrCharacter[16];
        for (var i = 0; i < WarmUp; i++)
        {
            reader.Read(image, text, characters);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = 0;
        for (var i = 0; i < Measured; i++)
        {
            read += reader.Read(image, text, characters).Count;
        }

        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Measured;
        var textBefore = GC.GetAllocatedBytesForCurrentThread();
        var serial = reader.ReadText(image);
        var withString = GC.GetAllocatedBytesForCurrentThread() - textBefore;

        output.WriteLine($"Read: {perRead:F1} bytes per read; ReadText: {withString} bytes including the {serial.Length}-char string");
        Assert.Equal(6 * Measured, read);
        Assert.True(perRead <= MaxBytesPerRead, $"Read allocated {perRead:F1} bytes per read (bound {MaxBytesPerRead})");
        Assert.True(withString <= MaxBytesPerRead + 64, $"ReadText allocated {withString} bytes");
    }
}
