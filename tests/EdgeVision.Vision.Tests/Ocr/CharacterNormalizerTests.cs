using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Ocr;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Ocr;

public class CharacterNormalizerTests
{
    [Theory]
    [InlineData(0.25)]
    [InlineData(-0.2)]
    [InlineData(0.1)]
    public void A_slanted_bar_is_sheared_upright(double lean)
    {
        // A bar 6 px wide and 40 px tall whose top is shifted lean·40 px to the right of its foot.
        using var image = new Mat(64, 64, MatType.CV_8UC1, Scalar.All(0));
        double foot = 24.3, top = 12.2, bottom = 52.2, shift = lean * (bottom - top);
        Point2d[] corners = [new(foot, bottom), new(foot + 6, bottom), new(foot + 6 + shift, top), new(foot + shift, top)];
        CoverageShapes.FillConvexQuad(image, corners, Scalar.All(255));
        using var normalizer = new CharacterNormalizer();
        using var plain = new CharacterNormalizer(deskew: false);
        var box = new Rect((int)Math.Floor(Math.Min(foot, foot + shift)), 12, (int)Math.Ceiling(6 + Math.Abs(shift)) + 2, 42);

        normalizer.Normalize(image, box);
        var (upperStraight, lowerStraight) = UpperAndLowerCentres(normalizer.Normalized);
        plain.Normalize(image, box);
        var (upperSlanted, lowerSlanted) = UpperAndLowerCentres(plain.Normalized);

        Assert.Equal(-lean, normalizer.LastSkew, 2);
        Assert.True(Math.Abs(upperStraight - lowerStraight) < 0.3, $"deskewed: upper {upperStraight:F2}, lower {lowerStraight:F2}");
        // The quarters' centres lie about 12 of the 16 scaled rows apart: a slant moves them about 12·lean apart.
        Assert.True(Math.Abs(upperSlanted - lowerSlanted) > 8 * Math.Abs(lean), $"not deskewed: upper {upperSlanted:F2}, lower {lowerSlanted:F2}");
    }

    [Fact]
    public void A_tall_thin_bar_keeps_its_aspect_ratio_and_is_centred()
    {
        using var image = new Mat(50, 30, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Rectangle(image, new Rect(10, 8, 4, 32), Scalar.All(255), -1);
        using var normalizer = new CharacterNormalizer(20, deskew: true, padding: 2);

        var square = normalizer.Normalize(image, new Rect(10, 8, 4, 32));

        // 32 px tall fills the 16 px between the paddings: scale ½, so the bar is 2 px wide, centred on x = 10.
        double ink = 0, moment = 0;
        int firstRow = -1, lastRow = -1;
        for (var y = 0; y < 20; y++)
        {
            double row = 0;
            for (var x = 0; x < 20; x++)
            {
                var v = square.At<byte>(y, x) / 255.0;
                row += v;
                moment += v * (x + 0.5);
            }

            ink += row;
            if (row > 0.5)
            {
                firstRow = firstRow < 0 ? y : firstRow;
                lastRow = y;
            }
        }

        Assert.Equal(0, normalizer.LastSkew, 6);
        Assert.Equal((2, 17), (firstRow, lastRow));
        Assert.Equal(2 * 16, ink, 0.5);
        Assert.Equal(10, moment / ink, 0.05);
    }

    [Fact]
    public void A_neighbour_reaching_into_the_box_is_left_out_when_normalising_from_the_segmenter()
    {
        using var alone = new Mat(40, 40, MatType.CV_8UC1, Scalar.All(220));
        DrawOpenC(alone);
        using var together = alone.Clone();
        Ink(together, new Rect(24, 10, 4, 20)); // the neighbour's stem
        Ink(together, new Rect(15, 18, 9, 2)); // its foot reaches into the C's box
        using var segmenter = new CharacterSegmenter();
        using var normalizer = new CharacterNormalizer();
        Span<Rect> boxes = stackalloc Rect[4];

        segmenter.Segment(alone, boxes);
        var expected = normalizer.Normalize(segmenter, 0).Clone();
        var count = segmenter.Segment(together, boxes);
        var own = normalizer.Normalize(segmenter, 0).Clone();
        var everything = normalizer.Normalize(segmenter.Binary, boxes[0]);

        Assert.Equal(2, count);
        Assert.Equal(new Rect(10, 10, 8, 20), boxes[0]);
        Assert.Equal(0, Cv2.Norm(expected, own, NormTypes.L1));
        Assert.True(Cv2.Norm(expected, everything, NormTypes.L1) > 255 * 4);
        expected.Dispose();
        own.Dispose();
    }

    [Fact]
    public void An_empty_box_gives_an_empty_square()
    {
        using var image = new Mat(30, 30, MatType.CV_8UC1, Scalar.All(0));
        using var normalizer = new CharacterNormalizer();

        var square = normalizer.Normalize(image, new Rect(5, 5, 10, 10));

        Assert.Equal(0, Cv2.CountNonZero(square));
        Assert.Equal(0, normalizer.LastSkew);
    }

    private static void DrawOpenC(Mat image)
    {
        Ink(image, new Rect(10, 10, 8, 3));
        Ink(image, new Rect(10, 10, 3, 20));
        Ink(image, new Rect(10, 27, 8, 3));
    }

    private static void Ink(Mat image, Rect rect) => Cv2.Rectangle(image, rect, Scalar.All(30), -1);

    // Ink-weighted mean column of the upper and the lower quarter of the rows that hold ink.
    private static (double Upper, double Lower) UpperAndLowerCentres(Mat square)
    {
        int size = square.Rows, first = -1, last = -1;
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (square.At<byte>(y, x) > 0)
                {
                    first = first < 0 ? y : first;
                    last = y;
                    break;
                }
            }
        }

        var quarter = (last - first + 1) / 4;
        return (MeanColumn(square, first + 1, first + quarter), MeanColumn(square, last - quarter, last - 1));
    }

    private static double MeanColumn(Mat square, int fromRow, int toRow)
    {
        double sum = 0, moment = 0;
        var cols = square.Cols;
        for (var y = fromRow; y <= toRow; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var v = square.At<byte>(y, x);
                sum += v;
                moment += v * (x + 0.5);
            }
        }

        return moment / sum;
    }
}
