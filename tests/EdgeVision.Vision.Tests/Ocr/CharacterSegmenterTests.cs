using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Ocr;

public class CharacterSegmenterTests
{
    private const string Serial = "AB12C9";

    [Fact]
    public void A_rendered_string_is_cut_into_six_boxes_in_reading_order()
    {
        var style = SyntheticTextStyle.Plain with { NoiseSigma = 4 };
        using var image = SyntheticCharacters.Render(Serial, style, new Random(1));
        using var segmenter = new CharacterSegmenter();
        Span<Rect> boxes = stackalloc Rect[10];

        var count = segmenter.Segment(image, boxes);

        Assert.Equal(6, count);
        Assert.Equal(6, segmenter.FoundCount);
        Assert.True(segmenter.TextIsDark);
        AssertInOrderAndCharacterSized(boxes[..count], style.Height);
    }

    [Theory]
    [InlineData(3.0, 1)]
    [InlineData(-3.0, 2)]
    [InlineData(2.0, 3)]
    [InlineData(-1.5, 4)]
    public void Slightly_turned_text_is_still_cut_into_six_boxes_in_order(double angle, int seed)
    {
        var random = new Random(seed);
        var fonts = SyntheticCharacterOptions.Default.Fonts;
        var style = SyntheticTextStyle.Plain with { Font = fonts[seed % fonts.Count], RotationDeg = angle, NoiseSigma = 5, BlurSigma = 0.6 };
        using var image = SyntheticCharacters.Render(Serial, style, random);
        using var segmenter = new CharacterSegmenter();
        Span<Rect> boxes = stackalloc Rect[10];

        var count = segmenter.Segment(image, boxes);

        Assert.Equal(6, count);
        AssertInOrderAndCharacterSized(boxes[..count], style.Height);
    }

    [Fact]
    public void Light_text_on_a_dark_background_gives_the_same_boxes_as_its_negative()
    {
        using var dark = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain, new Random(3));
        using var light = new Mat();
        Cv2.BitwiseNot(dark, light);
        using var segmenter = new CharacterSegmenter();
        Span<Rect> darkBoxes = stackalloc Rect[10];
        Span<Rect> lightBoxes = stackalloc Rect[10];

        var darkCount = segmenter.Segment(dark, darkBoxes);
        var lightCount = segmenter.Segment(light, lightBoxes);

        Assert.False(segmenter.TextIsDark);
        Assert.Equal(6, lightCount);
        Assert.True(darkBoxes[..darkCount].SequenceEqual(lightBoxes[..lightCount]));
    }

    [Theory]
    [InlineData(TextPolarity.DarkOnLight)]
    [InlineData(TextPolarity.LightOnDark)]
    public void A_fixed_polarity_finds_the_text_of_that_polarity(TextPolarity polarity)
    {
        using var dark = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain, new Random(4));
        using var image = new Mat();
        if (polarity == TextPolarity.LightOnDark)
        {
            Cv2.BitwiseNot(dark, image);
        }
        else
        {
            dark.CopyTo(image);
        }

        using var automatic = new CharacterSegmenter();
        using var fixedPolarity = new CharacterSegmenter(new CharacterSegmenterOptions { Polarity = polarity });
        using var fixedThreshold = new CharacterSegmenter(new CharacterSegmenterOptions { Polarity = polarity, FixedThreshold = 125 });
        Span<Rect> expected = stackalloc Rect[10];
        Span<Rect> boxes = stackalloc Rect[10];
        Span<Rect> thresholded = stackalloc Rect[10];

        var count = automatic.Segment(image, expected);
        var fixedCount = fixedPolarity.Segment(image, boxes);
        var thresholdedCount = fixedThreshold.Segment(image, thresholded);

        Assert.Equal(6, count);
        Assert.True(expected[..count].SequenceEqual(boxes[..fixedCount]));
        Assert.True(expected[..count].SequenceEqual(thresholded[..thresholdedCount]));
        Assert.Equal(polarity == TextPolarity.DarkOnLight, fixedPolarity.TextIsDark);
        Assert.Equal(125, fixedThreshold.Threshold);
    }

    [Fact]
    public void The_dot_of_an_i_and_the_pieces_of_a_broken_stroke_join_their_character()
    {
        using var image = new Mat(50, 90, MatType.CV_8UC1, Scalar.All(220));
        Ink(image, new Rect(10, 18, 5, 22)); // stem of an i
        Ink(image, new Rect(10, 9, 5, 5)); // its dot
        Ink(image, new Rect(30, 9, 5, 14)); // upper half of a broken bar
        Ink(image, new Rect(31, 26, 5, 14)); // lower half, a pixel to the right
        Ink(image, new Rect(50, 9, 20, 31)); // a separate block
        using var segmenter = new CharacterSegmenter();
        Span<Rect> boxes = stackalloc Rect[10];

        var count = segmenter.Segment(image, boxes);

        Assert.Equal(3, count);
        Assert.Equal(new Rect(10, 9, 5, 31), boxes[0]);
        Assert.Equal(new Rect(30, 9, 6, 31), boxes[1]);
        Assert.Equal(new Rect(50, 9, 20, 31), boxes[2]);
    }

    [Fact]
    public void Neighbours_touching_through_a_thin_bridge_are_cut_at_the_bridge()
    {
        using var image = new Mat(50, 80, MatType.CV_8UC1, Scalar.All(220));
        Ink(image, new Rect(10, 10, 20, 30));
        Ink(image, new Rect(30, 37, 6, 2)); // a serif joining the two at the foot
        Ink(image, new Rect(36, 10, 20, 30));
        using var segmenter = new CharacterSegmenter();
        Span<Rect> boxes = stackalloc Rect[10];

        var count = segmenter.Segment(image, boxes);

        Assert.Equal(2, count);
        Assert.InRange(boxes[0].Right, 30, 36);
        Assert.InRange(boxes[1].Left, 30, 36);
        Assert.Equal(10, boxes[0].Left);
        Assert.Equal(56, boxes[1].Right);
        Assert.Equal(segmenter.GroupOfCharacter(0), segmenter.GroupOfCharacter(1));
    }

    [Fact]
    public void Specks_are_dropped_and_border_components_only_when_asked()
    {
        using var image = new Mat(40, 80, MatType.CV_8UC1, Scalar.All(220));
        Ink(image, new Rect(0, 5, 6, 30)); // cut off by the left border
        Ink(image, new Rect(20, 5, 8, 30));
        Ink(image, new Rect(40, 20, 2, 2)); // a speck of 4 pixels
        Ink(image, new Rect(55, 5, 8, 30));
        using var keeping = new CharacterSegmenter();
        using var dropping = new CharacterSegmenter(new CharacterSegmenterOptions { DropBorderTouching = true });
        Span<Rect> boxes = stackalloc Rect[10];

        var kept = keeping.Segment(image, boxes);
        var firstKept = boxes[0];
        var dropped = dropping.Segment(image, boxes);

        Assert.Equal(3, kept);
        Assert.Equal(0, firstKept.X);
        Assert.Equal(2, dropped);
        Assert.Equal(20, boxes[0].X);
        Assert.Equal(55, boxes[1].X);
    }

    [Fact]
    public void A_short_span_gets_the_leftmost_boxes_and_the_count_found_tells_the_rest()
    {
        using var image = SyntheticCharacters.Render(Serial, SyntheticTextStyle.Plain, new Random(5));
        using var segmenter = new CharacterSegmenter();
        Span<Rect> all = stackalloc Rect[10];
        Span<Rect> some = stackalloc Rect[4];

        segmenter.Segment(image, all);
        var written = segmenter.Segment(image, some);

        Assert.Equal(4, written);
        Assert.Equal(6, segmenter.FoundCount);
        Assert.True(all[..4].SequenceEqual(some));
    }

    private static void Ink(Mat image, Rect rect) => Cv2.Rectangle(image, rect, Scalar.All(30), -1);

    private static void AssertInOrderAndCharacterSized(ReadOnlySpan<Rect> boxes, double height)
    {
        for (var i = 0; i < boxes.Length; i++)
        {
            Assert.InRange(boxes[i].Height, 0.85 * height, 1.35 * height);
            Assert.InRange(boxes[i].Width, 0.2 * height, 1.2 * height);
            if (i > 0)
            {
                Assert.True(boxes[i].X >= boxes[i - 1].Right - 1, $"box {i} {boxes[i]} starts inside box {i - 1} {boxes[i - 1]}");
            }
        }
    }
}
