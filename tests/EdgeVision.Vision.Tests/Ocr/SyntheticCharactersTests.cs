using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Ocr;

public class SyntheticCharactersTests
{
    [Fact]
    public void The_same_seed_gives_the_same_samples_and_another_seed_other_ones()
    {
        string[] labels = ["7", "K"];
        using var first = SyntheticCharacters.Generate(labels, 3, 42);
        using var again = SyntheticCharacters.Generate(labels, 3, 42);
        using var other = SyntheticCharacters.Generate(labels, 3, 43);

        Assert.Equal(6, first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Label, again[i].Label);
            Assert.Equal(labels[i % 2], first[i].Label);
            Assert.True(SameImage(first[i].Image, again[i].Image), $"sample {i} differs between equal seeds");
            Assert.False(SameImage(first[i].Image, other[i].Image), $"sample {i} is the same for different seeds");
        }
    }

    [Theory]
    [InlineData(HersheyFonts.HersheySimplex, 24)]
    [InlineData(HersheyFonts.HersheyTriplex, 18)]
    [InlineData(HersheyFonts.HersheyDuplex, 32)]
    public void A_capital_is_printed_as_tall_as_the_style_asks(HersheyFonts font, double height)
    {
        var style = SyntheticTextStyle.Plain with { Font = font, Height = height, Stroke = 2 };
        using var image = SyntheticCharacters.Render("H", style, new Random(1));

        var ink = InkBox(image, (style.Ink + style.Background) / 2);

        // The glyph's strokes are centred on its outline, so the ink stands up to a stroke taller than the glyph.
        Assert.InRange(ink.Height, height - 1, height + style.Stroke + 1);
    }

    [Fact]
    public void Text_drawn_into_an_image_is_centred_where_asked_and_blended_over_what_is_there()
    {
        using var part = new Mat(120, 200, MatType.CV_8UC1, Scalar.All(180));
        var style = SyntheticTextStyle.Plain with { Ink = 20, RotationDeg = 5 };

        SyntheticCharacters.Draw(part, "0O0", new Point2d(80.5, 60.25), style);

        var ink = InkBox(part, 100);
        Assert.Equal(80.5, ink.X + ((ink.Width - 1) / 2.0), 1.5);
        Assert.Equal(60.25, ink.Y + ((ink.Height - 1) / 2.0), 1.5);
        Assert.Equal(180, part.At<byte>(5, 5));
        Assert.Equal(180, part.At<byte>(115, 195));
    }

    [Fact]
    public void Text_hanging_over_the_edge_of_the_image_is_cut_off()
    {
        using var part = new Mat(40, 40, MatType.CV_8UC1, Scalar.All(200));

        SyntheticCharacters.Draw(part, "WIDE TEXT", new Point2d(0, 20), SyntheticTextStyle.Plain);

        using var dark = part.LessThan(100).ToMat();
        Assert.True(Cv2.CountNonZero(dark) > 0);
    }

    private static bool SameImage(Mat a, Mat b)
    {
        if (a.Size() != b.Size())
        {
            return false;
        }

        return Cv2.Norm(a, b, NormTypes.L1) == 0;
    }

    private static Rect InkBox(Mat image, double threshold)
    {
        using var mask = new Mat();
        Cv2.Threshold(image, mask, threshold, 255, ThresholdTypes.BinaryInv);
        return Cv2.BoundingRect(mask);
    }
}
