using EdgeVision.Vision.Color;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Color;

public class ColorStatisticsTests
{
    [Fact]
    public void A_uniform_patch_has_its_own_colour_as_mean_and_no_spread()
    {
        using var image = new Mat(40, 60, MatType.CV_8UC3, new Scalar(30, 140, 200));

        var stats = ColorStatistics.Measure(image);

        var expected = LabColor.FromBgr(30, 140, 200);
        Assert.Equal(2400, stats.PixelCount);
        Assert.Equal(expected.L, stats.Mean.L, 9);
        Assert.Equal(expected.A, stats.Mean.A, 9);
        Assert.Equal(expected.B, stats.Mean.B, 9);
        Assert.True(stats.StdDevL < 1e-6 && stats.StdDevA < 1e-6 && stats.StdDevB < 1e-6);
        Assert.True(stats.MeanDeltaE00 < 1e-6 && stats.MaxDeltaE00 < 1e-6);
    }

    [Fact]
    public void Two_equal_halves_average_in_lab_and_spread_by_half_their_difference()
    {
        using var image = new Mat(20, 40, MatType.CV_8UC3, new Scalar(200, 60, 40));
        using (var right = image[new Rect(20, 0, 20, 20)])
        {
            right.SetTo(new Scalar(40, 180, 220));
        }

        var stats = ColorStatistics.Measure(image);

        var left = LabColor.FromBgr(200, 60, 40);
        var rightLab = LabColor.FromBgr(40, 180, 220);
        var mean = new Lab((left.L + rightLab.L) / 2, (left.A + rightLab.A) / 2, (left.B + rightLab.B) / 2);
        Assert.Equal(mean.L, stats.Mean.L, 9);
        Assert.Equal(mean.A, stats.Mean.A, 9);
        Assert.Equal(mean.B, stats.Mean.B, 9);
        Assert.Equal(Math.Abs(left.L - rightLab.L) / 2, stats.StdDevL, 6);
        Assert.Equal(Math.Abs(left.A - rightLab.A) / 2, stats.StdDevA, 6);
        Assert.Equal(Math.Abs(left.B - rightLab.B) / 2, stats.StdDevB, 6);
        var expectedMeanDeltaE = (LabColor.DeltaE2000(left, mean) + LabColor.DeltaE2000(rightLab, mean)) / 2;
        Assert.Equal(expectedMeanDeltaE, stats.MeanDeltaE00, 9);
        Assert.Equal(Math.Max(LabColor.DeltaE2000(left, mean), LabColor.DeltaE2000(rightLab, mean)), stats.MaxDeltaE00, 9);
    }

    [Fact]
    public void A_region_and_mask_restrict_the_statistics_to_the_chosen_pixels()
    {
        var random = new Random(77);
        using var image = RandomImage(random, 90, 120);
        var region = new Rect(17, 23, 61, 45);
        using var mask = new Mat(region.Height, region.Width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Circle(mask, new Point(30, 22), 18, Scalar.All(255), -1);

        var stats = ColorStatistics.Measure(image, region, mask);

        var reference = ReferenceStatistics(image, region, mask);
        Assert.Equal(reference.PixelCount, stats.PixelCount);
        Assert.Equal(reference.Mean.L, stats.Mean.L, 8);
        Assert.Equal(reference.Mean.A, stats.Mean.A, 8);
        Assert.Equal(reference.Mean.B, stats.Mean.B, 8);
        Assert.Equal(reference.StdDevL, stats.StdDevL, 6);
        Assert.Equal(reference.StdDevA, stats.StdDevA, 6);
        Assert.Equal(reference.StdDevB, stats.StdDevB, 6);
        Assert.Equal(reference.MeanDeltaE00, stats.MeanDeltaE00, 8);
        Assert.Equal(reference.MaxDeltaE00, stats.MaxDeltaE00, 8);
    }

    [Fact]
    public void The_delta_e_spread_is_left_out_when_not_asked_for()
    {
        using var image = RandomImage(new Random(5), 10, 10);

        var stats = ColorStatistics.Measure(image, mask: null, includeDeltaE00: false);

        Assert.Equal(100, stats.PixelCount);
        Assert.True(double.IsNaN(stats.MeanDeltaE00) && double.IsNaN(stats.MaxDeltaE00));
        Assert.True(stats.StdDevL > 1);
    }

    [Fact]
    public void An_empty_mask_gives_no_pixels_and_nan_values()
    {
        using var image = RandomImage(new Random(6), 10, 10);
        using var mask = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));

        var stats = ColorStatistics.Measure(image, mask);

        Assert.Equal(0, stats.PixelCount);
        Assert.True(double.IsNaN(stats.Mean.L));
    }

    [Fact]
    public void A_gray_image_or_a_region_outside_the_image_is_refused()
    {
        using var gray = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));
        using var bgr = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(0));

        Assert.Throws<ArgumentException>(() => ColorStatistics.Measure(gray));
        Assert.Throws<ArgumentException>(() => ColorStatistics.Measure(bgr, new Rect(5, 5, 6, 2)));
    }

    [Fact]
    public void Measuring_allocates_no_managed_memory()
    {
        using var image = RandomImage(new Random(8), 64, 64);
        var region = new Rect(4, 4, 50, 40);
        using var mask = new Mat(40, 50, MatType.CV_8UC1, Scalar.All(255));
        ColorStatistics.Measure(image, region, mask);

        var sum = 0.0;
        var allocated = SteadyState.AllocatedBytes(() =>
        {
            for (var i = 0; i < 200; i++)
            {
                sum += ColorStatistics.Measure(image, region, mask).Mean.L;
            }
        });
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }

    private static Mat RandomImage(Random random, int rows, int cols)
    {
        var image = new Mat(rows, cols, MatType.CV_8UC3);
        var bytes = new byte[3];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                random.NextBytes(bytes);
                image.Set(y, x, new Vec3b(bytes[0], bytes[1], bytes[2]));
            }
        }

        return image;
    }

    // Plain reference: every pixel's Lab in a list, then the textbook formulas.
    private static ColorStats ReferenceStatistics(Mat image, Rect region, Mat mask)
    {
        var labs = new List<Lab>();
        for (var y = 0; y < region.Height; y++)
        {
            for (var x = 0; x < region.Width; x++)
            {
                if (mask.At<byte>(y, x) != 0)
                {
                    var p = image.At<Vec3b>(region.Y + y, region.X + x);
                    labs.Add(LabColor.FromBgr(p.Item0, p.Item1, p.Item2));
                }
            }
        }

        var mean = new Lab(labs.Average(c => c.L), labs.Average(c => c.A), labs.Average(c => c.B));
        double Std(Func<Lab, double> axis, double m) => Math.Sqrt(labs.Average(c => Math.Pow(axis(c) - m, 2)));
        var deltas = labs.Select(c => LabColor.DeltaE2000(c, mean)).ToList();
        return new ColorStats(labs.Count, mean, Std(c => c.L, mean.L), Std(c => c.A, mean.A), Std(c => c.B, mean.B), deltas.Average(), deltas.Max());
    }
}
