using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Measurement;

public class PresenceCheckTests
{
    [Fact]
    public void A_bright_part_is_counted_pixel_for_pixel_with_the_exact_mean_and_deviation()
    {
        // 200 × 100 background of 30 with a 50 × 40 part of 220: 2000 part pixels of 20000.
        using var gray = new Mat(100, 200, MatType.CV_8UC1, Scalar.All(30));
        using (var part = gray[new Rect(70, 30, 50, 40)])
        {
            part.SetTo(Scalar.All(220));
        }

        var result = PresenceCheck.Measure(gray, 200, 255);

        const double Share = 2000.0 / 20000;
        var mean = (30 * (1 - Share)) + (220 * Share);
        var stdDev = (220 - 30) * Math.Sqrt(Share * (1 - Share));
        Assert.Equal(20000, result.PixelCount);
        Assert.Equal(2000, result.InBandCount);
        Assert.Equal(Share, result.InBandFraction, 12);
        Assert.Equal(mean, result.Mean, 9);
        Assert.Equal(stdDev, result.StdDev, 9);
    }

    [Fact]
    public void The_band_includes_both_of_its_ends()
    {
        using var gray = new Mat(1, 5, MatType.CV_8UC1);
        gray.SetArray(new byte[] { 99, 100, 150, 200, 201 });

        var result = PresenceCheck.Measure(gray, 100, 200);

        Assert.Equal(3, result.InBandCount);
    }

    [Fact]
    public void A_noisy_disc_in_a_masked_region_matches_opencvs_count_mean_and_deviation()
    {
        var random = new Random(31);
        using var gray = new Mat(240, 320, MatType.CV_8UC1, Scalar.All(60));
        CoverageShapes.FillDisc(gray, 161.3, 118.7, 41.2, Scalar.All(190));
        GaussianNoise.Add(gray, random, 6);
        var region = new Rect(90, 50, 150, 140);
        using var mask = new Mat(region.Height, region.Width, MatType.CV_8UC1, Scalar.All(0));
        Cv2.Ellipse(mask, new RotatedRect(new Point2f(75, 70), new Size2f(140, 110), 20), Scalar.All(255), -1);

        var result = PresenceCheck.Measure(gray, region, 120, 255, mask);

        using var view = gray[region];
        using var band = new Mat();
        Cv2.InRange(view, Scalar.All(120), Scalar.All(255), band);
        Cv2.BitwiseAnd(band, mask, band);
        Cv2.MeanStdDev(view, out var mean, out var stdDev, mask);
        Assert.Equal(Cv2.CountNonZero(mask), result.PixelCount);
        Assert.Equal(Cv2.CountNonZero(band), result.InBandCount);
        Assert.Equal(mean.Val0, result.Mean, 6);
        Assert.Equal(stdDev.Val0, result.StdDev, 6);

        // The disc area (π · 41.2² ≈ 5333 px) lies wholly inside the mask; the threshold halfway splits edge pixels.
        Assert.InRange(result.InBandCount, 5333 - 60, 5333 + 60);
    }

    [Fact]
    public void An_empty_region_or_mask_counts_nothing()
    {
        using var gray = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(128));
        using var mask = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));

        var masked = PresenceCheck.Measure(gray, 0, 255, mask);
        var empty = PresenceCheck.Measure(gray, new Rect(3, 3, 0, 4), 0, 255);

        Assert.Equal(0, masked.PixelCount);
        Assert.Equal(0, masked.InBandFraction);
        Assert.True(double.IsNaN(masked.Mean) && double.IsNaN(masked.StdDev));
        Assert.Equal(0, empty.PixelCount);
    }

    [Fact]
    public void A_colour_image_a_wrong_mask_or_a_region_outside_is_refused()
    {
        using var bgr = new Mat(10, 10, MatType.CV_8UC3, Scalar.All(0));
        using var gray = new Mat(10, 10, MatType.CV_8UC1, Scalar.All(0));
        using var smallMask = new Mat(5, 5, MatType.CV_8UC1, Scalar.All(255));

        Assert.Throws<ArgumentException>(() => PresenceCheck.Measure(bgr, 0, 255));
        Assert.Throws<ArgumentException>(() => PresenceCheck.Measure(gray, 0, 255, smallMask));
        Assert.Throws<ArgumentException>(() => PresenceCheck.Measure(gray, new Rect(-1, 0, 5, 5), 0, 255));
    }

    [Fact]
    public void Measuring_allocates_no_managed_memory()
    {
        using var gray = new Mat(120, 160, MatType.CV_8UC1, Scalar.All(90));
        GaussianNoise.Add(gray, new Random(3), 20);
        var region = new Rect(10, 10, 100, 80);
        using var mask = new Mat(80, 100, MatType.CV_8UC1, Scalar.All(255));
        PresenceCheck.Measure(gray, region, 100, 200, mask);

        long total = 0;
        var allocated = SteadyState.AllocatedBytes(() =>
        {
            for (var i = 0; i < 300; i++)
            {
                total += PresenceCheck.Measure(gray, region, 100, 200, mask).InBandCount;
            }
        });
        Assert.True(total > 0);
        Assert.Equal(0, allocated);
    }
}
