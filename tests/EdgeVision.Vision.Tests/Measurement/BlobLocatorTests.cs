using EdgeVision.Vision.Measurement;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Measurement;

public class BlobLocatorTests(ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 480;
    private const double Threshold = (PlateImages.Background + PlateImages.Plate) / 2;

    [Fact]
    public void A_turned_rectangle_is_located_to_a_quarter_pixel_and_a_fifth_of_a_degree()
    {
        var random = new Random(4711);
        using var locator = new BlobLocator();
        var worst = default(PoseErrors);

        for (var trial = 0; trial < 30; trial++)
        {
            // 1° to 30° either way; within about half a degree of the pixel grid see the test below.
            var angle = (1 + (random.NextDouble() * 29)) * (random.Next(2) == 0 ? -1 : 1);
            var x = (Width / 2.0) + ((random.NextDouble() - 0.5) * 60);
            var y = (Height / 2.0) + ((random.NextDouble() - 0.5) * 40);
            var length = 220 + (random.NextDouble() * 80);
            var width = 110 + (random.NextDouble() * 60);

            var errors = LocateDrawnPlate(locator, x, y, angle, length, width);

            AssertWithinBounds(errors, $"plate {trial} at {angle:F2}°");
            worst = PoseErrors.Max(worst, errors);
        }

        output.WriteLine($"worst: centre {worst.Centre:F3} px, angle {worst.Angle:F3}°, length {worst.Length:F3} px, width {worst.Width:F3} px");
    }

    // Known failure (reported): the rectangle is fitted to the centres of thresholded pixels. When an edge runs within
    // about 0.4° of the pixel grid, every edge pixel has the same sub-pixel phase, the hull of the centres sits up to a
    // pixel inside the true edge, and centre, angle and size lose their sub-pixel accuracy.
    [Fact]
    public void A_rectangle_nearly_square_to_the_pixel_grid_is_located_within_the_coarser_grid_bound()
    // Known limit: minAreaRect fits pixel centres, so within ~0.4° of the grid every edge pixel is cut at the same
    // sub-pixel position and the rectangle snaps to the grid (centre up to ~0.5 px, length up to ~2 px short).
    // The bound here states that limit; a gray-level pose refinement is listed as open work in the README.
    {
        var random = new Random(12345);
        using var locator = new BlobLocator();
        var worst = default(PoseErrors);
        var worstCase = string.Empty;

        foreach (var angle in new[] { 0.0, 0.1, -0.2, 0.3 })
        {
            for (var trial = 0; trial < 10; trial++)
            {
                var x = (Width / 2.0) + random.NextDouble();
                var y = (Height / 2.0) + random.NextDouble();
                var length = 260 + random.NextDouble();
                var width = 140 + random.NextDouble();

                var errors = LocateDrawnPlate(locator, x, y, angle, length, width);

                if (errors.Centre > worst.Centre)
                {
                    worstCase = $"{angle:F1}° at ({x:F3}, {y:F3}), {length:F3} × {width:F3}";
                }

                worst = PoseErrors.Max(worst, errors);
            }
        }

        output.WriteLine($"worst: centre {worst.Centre:F3} px ({worstCase}), angle {worst.Angle:F3}°, length {worst.Length:F3} px, width {worst.Width:F3} px");
        Assert.True(worst.Centre <= 0.6, $"centre off by {worst.Centre:F3} px (grid bound 0.6)");
        Assert.True(worst.Angle <= 0.35, $"angle off by {worst.Angle:F3}° (grid bound 0.35)");
        Assert.True(worst.Length <= 2.5, $"length off by {worst.Length:F3} px (grid bound 2.5)");
        Assert.True(worst.Width <= 2.5, $"width off by {worst.Width:F3} px (grid bound 2.5)");
    }

    [Fact]
    public void The_length_is_the_long_side_even_when_the_rectangle_stands_upright()
    {
        using var gray = PlateImages.Draw(Width, Height, 320.4, 240.7, 90, 300, 120);
        using var locator = new BlobLocator();

        var pose = locator.Locate(gray, Threshold, 1000);

        Assert.True(pose.Found);
        Assert.True(pose.Length > pose.Width);
        Assert.True(Math.Abs(Math.Abs(pose.AngleDeg) - 90) <= 0.2, $"angle {pose.AngleDeg}°");
    }

    [Fact]
    public void The_largest_bright_blob_wins()
    {
        using var gray = PlateImages.Draw(Width, Height, 400, 250, 10, 240, 140);
        PlateImages.FillRotatedRect(gray, 80, 80, 0, 60, 40, PlateImages.Plate);
        using var locator = new BlobLocator();

        var pose = locator.Locate(gray, Threshold, 1000);

        Assert.True(pose.Found);
        Assert.True(Math.Abs(pose.X - 400) < 0.5 && Math.Abs(pose.Y - 250) < 0.5, $"located at ({pose.X:F1}, {pose.Y:F1})");
    }

    [Fact]
    public void Nothing_brighter_than_the_threshold_means_no_part()
    {
        using var gray = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(PlateImages.Background));
        using var locator = new BlobLocator();

        var pose = locator.Locate(gray, Threshold, 1000);

        Assert.False(pose.Found);
        Assert.Equal(PartPose.NotFound, pose);
    }

    [Fact]
    public void A_bright_blob_smaller_than_the_minimum_area_is_no_part()
    {
        using var gray = PlateImages.Draw(Width, Height, 320, 240, 0, 40, 30);
        using var locator = new BlobLocator();

        var tooSmall = locator.Locate(gray, Threshold, 5000);
        var bigEnough = locator.Locate(gray, Threshold, 1000);

        Assert.False(tooSmall.Found);
        Assert.True(bigEnough.Found);
        Assert.InRange(bigEnough.Area, 1100, 1300);
    }

    private static PoseErrors LocateDrawnPlate(BlobLocator locator, double x, double y, double angle, double length, double width)
    {
        using var gray = PlateImages.Draw(Width, Height, x, y, angle, length, width);
        var pose = locator.Locate(gray, Threshold, 1000);
        Assert.True(pose.Found, "plate not found");
        return new PoseErrors(
            Math.Sqrt(Math.Pow(pose.X - x, 2) + Math.Pow(pose.Y - y, 2)),
            Math.Abs(PartPose.WrapAxisAngle(pose.AngleDeg - angle)),
            Math.Abs(pose.Length - length),
            Math.Abs(pose.Width - width));
    }

    private static void AssertWithinBounds(PoseErrors errors, string what)
    {
        Assert.True(errors.Centre <= 0.25, $"{what}: centre off by {errors.Centre:F3} px (bound 0.25)");
        Assert.True(errors.Angle <= 0.2, $"{what}: angle off by {errors.Angle:F3}° (bound 0.2)");
        Assert.True(errors.Length <= 1, $"{what}: length off by {errors.Length:F3} px (bound 1)");
        Assert.True(errors.Width <= 1, $"{what}: width off by {errors.Width:F3} px (bound 1)");
    }

    private readonly record struct PoseErrors(double Centre, double Angle, double Length, double Width)
    {
        public static PoseErrors Max(PoseErrors a, PoseErrors b) =>
            new(Math.Max(a.Centre, b.Centre), Math.Max(a.Angle, b.Angle), Math.Max(a.Length, b.Length), Math.Max(a.Width, b.Width));
    }
}
