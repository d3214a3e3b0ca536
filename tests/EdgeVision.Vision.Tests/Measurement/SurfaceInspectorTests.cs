using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Measurement;

public class SurfaceInspectorTests
{
    private const int Width = 640;
    private const int Height = 480;
    private const double Margin = 8;
    private const double Contrast = 40;
    private const int MinArea = 20;

    // The plate as drawn, given to the inspector directly so that only the surface search is under test.
    private static readonly PartPose Pose = new(true, 320.3, 240.6, 12, 400, 240, 0);

    // A scratch 60 px long and 2.5 px wide at 40° in the image, and a spot of radius 6, both well inside the plate.
    private static readonly (double X, double Y) Scratch = Pose.ToImage(-80, 30);
    private static readonly (double X, double Y) Spot = Pose.ToImage(90, -40);
    private const double ScratchLength = 60;
    private const double ScratchWidth = 2.5;
    private const double ScratchAngle = 40;
    private const double SpotRadius = 6;

    [Fact]
    public void A_scratch_and_a_spot_are_reported_with_their_kinds_where_they_were_drawn()
    {
        using var gray = Plate(scratch: true, spot: true);
        using var inspector = new SurfaceInspector();
        var found = new SurfaceDefect[8];

        var count = inspector.Inspect(gray, Pose, Margin, [], Contrast, MinArea, found);

        Assert.Equal(2, count);
        var scratch = Assert.Single(found[..count], d => d.Kind == DefectKind.Scratch);
        var spot = Assert.Single(found[..count], d => d.Kind == DefectKind.Spot);
        AssertMostlyOverlaps(ScratchBox(), scratch);
        AssertMostlyOverlaps(SpotBox(), spot);
        Assert.InRange(scratch.Area, 0.7 * ScratchLength * ScratchWidth, 1.5 * ScratchLength * ScratchWidth);
        Assert.InRange(spot.Area, 0.8 * Math.PI * SpotRadius * SpotRadius, 1.2 * Math.PI * SpotRadius * SpotRadius);
    }

    [Fact]
    public void A_clean_plate_has_no_defects()
    {
        using var gray = Plate(scratch: false, spot: false);
        using var inspector = new SurfaceInspector();
        var found = new SurfaceDefect[8];

        var count = inspector.Inspect(gray, Pose, Margin, [], Contrast, MinArea, found);

        Assert.Equal(0, count);
    }

    [Fact]
    public void A_mark_inside_an_excluded_circle_is_not_reported()
    {
        using var gray = Plate(scratch: false, spot: true);
        using var inspector = new SurfaceInspector();
        var found = new SurfaceDefect[8];
        ExcludedCircle[] aroundSpot = [new(Spot.X, Spot.Y, SpotRadius + 4)];
        ExcludedCircle[] elsewhere = [new(Scratch.X, Scratch.Y, SpotRadius + 4)];

        var hidden = inspector.Inspect(gray, Pose, Margin, aroundSpot, Contrast, MinArea, found);
        var seen = inspector.Inspect(gray, Pose, Margin, elsewhere, Contrast, MinArea, found);

        Assert.Equal(0, hidden);
        Assert.Equal(1, seen);
        Assert.Equal(DefectKind.Spot, found[0].Kind);
    }

    [Fact]
    public void Marks_smaller_than_the_minimum_area_are_not_reported()
    {
        using var gray = Plate(scratch: false, spot: true);
        using var inspector = new SurfaceInspector();
        var found = new SurfaceDefect[8];

        var count = inspector.Inspect(gray, Pose, Margin, [], Contrast, minArea: 200, found);

        Assert.Equal(0, count);
    }

    [Fact]
    public void Every_qualifying_blob_is_counted_even_when_only_some_fit_the_span()
    {
        using var gray = Plate(scratch: false, spot: false);
        for (var i = 0; i < 3; i++)
        {
            var (x, y) = Pose.ToImage(-100 + (i * 100), 60);
            CoverageShapes.FillDisc(gray, x, y, SpotRadius, Scalar.All(90));
        }

        using var inspector = new SurfaceInspector();
        var found = new SurfaceDefect[1];

        var count = inspector.Inspect(gray, Pose, Margin, [], Contrast, MinArea, found);

        Assert.Equal(3, count);
        Assert.Equal(DefectKind.Spot, found[0].Kind);
    }

    [Fact]
    public void No_part_means_no_surface_to_search()
    {
        using var gray = Plate(scratch: true, spot: true);
        using var inspector = new SurfaceInspector();
        var found = new SurfaceDefect[8];

        var count = inspector.Inspect(gray, PartPose.NotFound, Margin, [], Contrast, MinArea, found);

        Assert.Equal(0, count);
    }

    private static Mat Plate(bool scratch, bool spot)
    {
        var gray = PlateImages.Draw(Width, Height, Pose.X, Pose.Y, Pose.AngleDeg, Pose.Length, Pose.Width);
        if (scratch)
        {
            PlateImages.FillRotatedRect(gray, Scratch.X, Scratch.Y, ScratchAngle, ScratchLength, ScratchWidth, 110);
        }

        if (spot)
        {
            CoverageShapes.FillDisc(gray, Spot.X, Spot.Y, SpotRadius, Scalar.All(90));
        }

        GaussianNoise.Add(gray, new Random(99), 2);
        return gray;
    }

    private static Rect2d ScratchBox()
    {
        var a = ScratchAngle * Math.PI / 180;
        var halfX = (Math.Abs(Math.Cos(a)) * ScratchLength / 2) + (Math.Abs(Math.Sin(a)) * ScratchWidth / 2);
        var halfY = (Math.Abs(Math.Sin(a)) * ScratchLength / 2) + (Math.Abs(Math.Cos(a)) * ScratchWidth / 2);
        return new Rect2d(Scratch.X - halfX, Scratch.Y - halfY, 2 * halfX, 2 * halfY);
    }

    private static Rect2d SpotBox() => new(Spot.X - SpotRadius, Spot.Y - SpotRadius, 2 * SpotRadius, 2 * SpotRadius);

    // Pixel boxes cover whole pixels (x ± 0.5), so the found box is compared as [X − 0.5, X + Width − 0.5].
    private static void AssertMostlyOverlaps(Rect2d drawn, SurfaceDefect found)
    {
        var box = new Rect2d(found.X - 0.5, found.Y - 0.5, found.Width, found.Height);
        var overlap = drawn & box;
        var shared = overlap.Width * overlap.Height;
        Assert.True(shared >= 0.7 * drawn.Width * drawn.Height, $"found box {box} covers too little of the drawn box {drawn}");
        Assert.True(shared >= 0.7 * box.Width * box.Height, $"found box {box} reaches too far beyond the drawn box {drawn}");
    }
}
