using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Measurement;

public class BlobAnalyzerTests(ITestOutputHelper output)
{
    private const int Width = 480;
    private const int Height = 360;
    private const double Light = 200;
    private const double Dark = 40;
    private static readonly BlobSettings DarkBlobs = new() { Polarity = BlobPolarity.DarkOnLight, Threshold = 120, Filter = new BlobFilter { MinArea = 20 } };

    [Fact]
    public void Discs_are_counted_with_areas_to_a_percent_and_centroids_to_five_hundredths_of_a_pixel()
    {
        var random = new Random(1234);
        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[16];
        double worstArea = 0, worstContourArea = 0, worstCentre = 0, lowestCircularity = 2, highestCircularity = 0, worstElongation = 1;

        for (var image = 0; image < 5; image++)
        {
            using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
            var discs = new List<(double X, double Y, double R)>();
            for (var i = 0; i < 6; i++)
            {
                var disc = ((i % 3 * 150) + 85 + random.NextDouble(), (i / 3 * 170) + 95 + random.NextDouble(), 8 + (random.NextDouble() * 40));
                CoverageShapes.FillDisc(gray, disc.Item1, disc.Item2, disc.Item3, Scalar.All(Dark));
                discs.Add(disc);
            }

            GaussianNoise.Add(gray, random, 2);

            var count = analyzer.Analyze(gray, DarkBlobs, blobs);

            Assert.Equal(6, count);
            foreach (var (x, y, r) in discs)
            {
                var blob = Nearest(blobs.AsSpan(0, count), x, y);
                var area = Math.PI * r * r;
                worstArea = Math.Max(worstArea, Math.Abs(blob.Area - area) / area);
                worstContourArea = Math.Max(worstContourArea, Math.Abs(blob.ContourArea - area) / area);
                worstCentre = Math.Max(worstCentre, Math.Sqrt(Math.Pow(blob.X - x, 2) + Math.Pow(blob.Y - y, 2)));
                lowestCircularity = Math.Min(lowestCircularity, blob.Circularity);
                highestCircularity = Math.Max(highestCircularity, blob.Circularity);
                worstElongation = Math.Max(worstElongation, blob.Elongation);
            }
        }

        var summary = $"discs r 8..48: pixel area off by {worstArea:P2}, outline area {worstContourArea:P2}, centre {worstCentre:F4} px, " +
            $"circularity {lowestCircularity:F4}..{highestCircularity:F4}, elongation up to {worstElongation:F4}";
        output.WriteLine(summary);
        Assert.True(worstArea <= 0.02, summary);
        Assert.True(worstContourArea <= 0.01, summary);
        Assert.True(worstCentre <= 0.05, summary);
        Assert.True(lowestCircularity >= 0.98 && highestCircularity <= 1.02, summary);
        Assert.True(worstElongation <= 1.03, summary);
    }

    [Fact]
    public void Squares_have_a_circularity_of_a_quarter_pi_and_no_elongation()
    {
        var random = new Random(99);
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
        for (var i = 0; i < 6; i++)
        {
            PlateImages.FillRotatedRect(gray, (i % 3 * 150) + 90 + random.NextDouble(), (i / 3 * 170) + 95 + random.NextDouble(), random.NextDouble() * 90, 30 + (i * 10), 30 + (i * 10), Dark);
        }

        GaussianNoise.Add(gray, random, 2);
        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[16];

        var count = analyzer.Analyze(gray, DarkBlobs, blobs);

        Assert.Equal(6, count);
        foreach (var blob in blobs.AsSpan(0, count))
        {
            output.WriteLine($"square of {Math.Sqrt(blob.ContourArea):F2}: circularity {blob.Circularity:F4} (π/4 = {Math.PI / 4:F4}), elongation {blob.Elongation:F4}");
            // The outline cuts each anti-aliased corner by about half a pixel, so small squares read a little rounder:
            // +2.6 % at a side of 30 px, +0.3 % at 80 px.
            Assert.InRange(blob.Circularity, (Math.PI / 4) - 0.005, (Math.PI / 4) + 0.025);
            Assert.InRange(blob.Elongation, 1, 1.02);
        }
    }

    [Fact]
    public void A_four_to_one_rectangle_has_an_elongation_of_four_along_its_angle()
    {
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
        PlateImages.FillRotatedRect(gray, 240.3, 180.8, 31, 160, 40, Dark);
        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[4];

        var count = analyzer.Analyze(gray, DarkBlobs, blobs);

        Assert.Equal(1, count);
        var blob = blobs[0];
        output.WriteLine($"4:1 rectangle: elongation {blob.Elongation:F4}, angle {blob.AngleDeg:F3}°, area {blob.ContourArea:F1}, centre ({blob.X:F3}, {blob.Y:F3})");
        Assert.InRange(blob.Elongation, 3.96, 4.04);
        Assert.InRange(blob.AngleDeg, 30.9, 31.1);
        Assert.InRange(blob.ContourArea, 6400 * 0.995, 6400 * 1.005);
        Assert.True(Math.Abs(blob.X - 240.3) < 0.05 && Math.Abs(blob.Y - 180.8) < 0.05, $"centre ({blob.X:F3}, {blob.Y:F3})");
    }

    [Fact]
    public void Filters_by_area_and_circularity_keep_only_the_blobs_asked_for()
    {
        // Top row: discs of radius 10, 20, 30; bottom row: squares of side 20, 40, 60.
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
        for (var i = 0; i < 3; i++)
        {
            CoverageShapes.FillDisc(gray, 90 + (i * 150), 90.4, 10 * (i + 1), Scalar.All(Dark));
            PlateImages.FillRotatedRect(gray, 90.2 + (i * 150), 260, 20, 20 * (i + 1), 20 * (i + 1), Dark);
        }

        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[8];

        var round = analyzer.Analyze(gray, DarkBlobs with { Filter = new BlobFilter { MinCircularity = 0.9 } }, blobs);
        Assert.Equal(3, round);
        Assert.All(blobs[..round], b => Assert.True(b.Y < 180));

        var squares = analyzer.Analyze(gray, DarkBlobs with { Filter = new BlobFilter { MaxCircularity = 0.85 } }, blobs);
        Assert.Equal(3, squares);
        Assert.All(blobs[..squares], b => Assert.True(b.Y > 180));

        var midSized = analyzer.Analyze(gray, DarkBlobs with { Filter = new BlobFilter { MinArea = 1000, MaxArea = 2000 } }, blobs);
        Assert.Equal(2, midSized); // the disc of radius 20 (1257) and the square of side 40 (1600)
        Assert.InRange(blobs[0].Area, 1600 * 0.98, 1600 * 1.02);
        Assert.InRange(blobs[1].Area, Math.PI * 400 * 0.98, Math.PI * 400 * 1.02);
    }

    [Fact]
    public void Light_polarity_finds_light_blobs_and_dark_polarity_then_finds_the_background_with_holes()
    {
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Dark));
        CoverageShapes.FillDisc(gray, 150.5, 170.25, 40, Scalar.All(Light));
        CoverageShapes.FillDisc(gray, 330.75, 180.5, 25, Scalar.All(Light));
        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[4];

        var light = analyzer.Analyze(gray, DarkBlobs with { Polarity = BlobPolarity.LightOnDark }, blobs);
        Assert.Equal(2, light);
        Assert.True(Math.Abs(blobs[0].X - 150.5) < 0.05 && Math.Abs(blobs[1].X - 330.75) < 0.05, "largest first");

        var dark = analyzer.Analyze(gray, DarkBlobs, blobs);
        Assert.Equal(1, dark);
        var background = (Width * Height) - (Math.PI * ((40 * 40) + (25 * 25)));
        Assert.InRange(blobs[0].ContourArea, background * 0.999, background * 1.001);
        Assert.Equal(new Rect(0, 0, Width, Height), blobs[0].Box);
    }

    [Fact]
    public void Otsu_chooses_a_threshold_between_the_two_levels()
    {
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
        CoverageShapes.FillDisc(gray, 200, 150, 50, Scalar.All(Dark));
        GaussianNoise.Add(gray, new Random(2), 3);
        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[4];

        var count = analyzer.Analyze(gray, DarkBlobs with { UseOtsu = true, Threshold = 0 }, blobs);

        Assert.Equal(1, count);
        Assert.InRange(analyzer.LastThreshold, Dark + 20, Light - 20);
        Assert.InRange(blobs[0].ContourArea, Math.PI * 2500 * 0.99, Math.PI * 2500 * 1.01);
    }

    [Fact]
    public void Blobs_beyond_the_span_are_counted_but_only_the_largest_are_stored()
    {
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
        for (var i = 0; i < 8; i++)
        {
            CoverageShapes.FillDisc(gray, 50 + (i * 55), 180, 8 + (2 * ((i * 5) % 8)), Scalar.All(Dark));
        }

        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[3];

        var count = analyzer.Analyze(gray, DarkBlobs, blobs);

        Assert.Equal(8, count);
        Assert.True(blobs[0].Area > blobs[1].Area && blobs[1].Area > blobs[2].Area);
        Assert.InRange(blobs[0].ContourArea, Math.PI * 22 * 22 * 0.99, Math.PI * 22 * 22 * 1.01);
    }

    [Fact]
    public void Analysing_a_frame_allocates_only_the_small_opencv_wrappers_once_warm()
    {
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(Light));
        for (var i = 0; i < 10; i++)
        {
            CoverageShapes.FillDisc(gray, 40 + (i * 45), 100 + (i * 15), 12, Scalar.All(Dark));
        }

        using var analyzer = new BlobAnalyzer();
        var blobs = new BlobFeatures[16];
        for (var i = 0; i < 20; i++)
        {
            analyzer.Analyze(gray, DarkBlobs, blobs);
        }

        const int Calls = 200;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            analyzer.Analyze(gray, DarkBlobs, blobs);
        }

        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
        output.WriteLine($"Analyze: {perCall:F1} bytes per call");
        Assert.True(perCall < 1024, $"{perCall:F1} bytes per call");
    }

    private static BlobFeatures Nearest(ReadOnlySpan<BlobFeatures> blobs, double x, double y)
    {
        var best = blobs[0];
        foreach (var b in blobs)
        {
            if (Math.Pow(b.X - x, 2) + Math.Pow(b.Y - y, 2) < Math.Pow(best.X - x, 2) + Math.Pow(best.Y - y, 2))
            {
                best = b;
            }
        }

        return best;
    }
}
