using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Ocr;

public class HogFeaturesTests
{
    [Fact]
    public void Every_block_of_a_character_has_unit_length()
    {
        var hog = new HogFeatures(20);
        var features = new float[hog.Dimension];

        hog.Extract(NormalizedCharacter("8", 1), features);

        Assert.Equal(9 * 4 * HogFeatures.DefaultBins, hog.Dimension);
        var blockLength = 4 * HogFeatures.DefaultBins;
        for (var block = 0; block < 9; block++)
        {
            double sum = 0;
            foreach (var v in features.AsSpan(block * blockLength, blockLength))
            {
                Assert.InRange(v, 0, 1);
                sum += v * v;
            }

            Assert.Equal(1, Math.Sqrt(sum), 3);
        }
    }

    [Fact]
    public void The_features_do_not_depend_on_stroke_contrast()
    {
        var hog = new HogFeatures(20);
        var pixels = NormalizedCharacter("R", 2);
        var faint = Array.ConvertAll(pixels, p => (byte)(p / 3));
        var full = new float[hog.Dimension];
        var weak = new float[hog.Dimension];

        hog.Extract(pixels, full);
        hog.Extract(faint, weak);

        for (var i = 0; i < full.Length; i++)
        {
            Assert.True(Math.Abs(full[i] - weak[i]) < 0.03, $"feature {i}: {full[i]} against {weak[i]}");
        }
    }

    [Fact]
    public void An_empty_square_gives_zeros_and_no_undefined_numbers()
    {
        var hog = new HogFeatures(20);
        var features = new float[hog.Dimension];
        features.AsSpan().Fill(7);

        hog.Extract(new byte[400], features);

        Assert.All(features, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Sizes_that_do_not_split_into_four_cells_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new HogFeatures(22));
        Assert.Throws<ArgumentException>(() => new HogFeatures(20).Extract(new byte[399], new float[324]));
    }

    private static byte[] NormalizedCharacter(string text, int seed)
    {
        using var image = SyntheticCharacters.Render(text, SyntheticTextStyle.Plain, new Random(seed));
        using var segmenter = new CharacterSegmenter();
        using var normalizer = new CharacterNormalizer();
        Span<Rect> box = stackalloc Rect[1];
        segmenter.Segment(image, box);
        normalizer.Normalize(segmenter, 0);
        return normalizer.Pixels.ToArray();
    }
}
