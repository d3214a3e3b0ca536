using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Geometry;

public sealed class RotatedRoiTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(-117.5)]
    public void Local_and_image_coordinates_round_trip(double angle)
    {
        var roi = new RotatedRoi(100.25, 80.5, 40, 10, angle);
        var (x, y) = roi.ToImage(7.5, -3.25);
        var (u, v) = roi.ToLocal(x, y);
        Assert.Equal(7.5, u, 9);
        Assert.Equal(-3.25, v, 9);
        Assert.True(roi.Contains(x, y));
        Assert.False(roi.Contains(roi.ToImage(20.5, 0).X, roi.ToImage(20.5, 0).Y));
    }

    [Fact]
    public void Placing_by_a_pose_adds_the_angle_and_maps_the_centre_like_the_pose()
    {
        var pose = new PartPose(true, 300, 200, 30, 400, 200, 80000);
        var placed = new RotatedRoi(50, -20, 30, 10, 15).PlacedBy(pose);
        var (x, y) = pose.ToImage(50, -20);
        Assert.Equal(x, placed.X, 9);
        Assert.Equal(y, placed.Y, 9);
        Assert.Equal(45, placed.AngleDeg, 9);
    }

    [Fact]
    public void Sampled_patch_is_upright_along_the_roi_axes()
    {
        using var image = new Mat(200, 200, MatType.CV_8UC1, Scalar.All(0));
        var roi = new RotatedRoi(100, 100, 61, 21, 90);

        // Odd sizes put patch pixel centres on whole local coordinates; local (+20, 0) lies 20 px below the centre at 90°.
        image.Set(120, 100, (byte)255);
        using var sampler = new RoiSampler();
        var patch = sampler.Sample(image, roi);
        Assert.Equal(61, patch.Cols);
        Assert.Equal(21, patch.Rows);
        patch.MinMaxLoc(out double _, out double max, out Point _, out var at);
        Assert.Equal(255, max);
        var (px, py) = RoiSampler.PatchToImage(roi, at.X, at.Y);
        Assert.Equal(100, px, 6);
        Assert.Equal(120, py, 6);
    }

    [Fact]
    public void Bounding_rect_is_clipped_to_the_image()
    {
        var roi = new RotatedRoi(5, 5, 40, 40, 45);
        var r = roi.BoundingRect(100, 100);
        Assert.Equal(0, r.X);
        Assert.Equal(0, r.Y);
        Assert.True(r.Right is > 30 and <= 35, $"right {r.Right}");
    }
}
