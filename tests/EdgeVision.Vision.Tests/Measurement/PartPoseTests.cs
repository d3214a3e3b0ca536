using EdgeVision.Vision.Measurement;

namespace EdgeVision.Vision.Tests.Measurement;

public class PartPoseTests
{
    [Fact]
    public void Part_coordinates_map_to_the_image_and_back()
    {
        var pose = new PartPose(true, 100, 50, 30, 400, 200, 0);

        var (x, y) = pose.ToImage(140, -20);
        var (u, v) = pose.ToPart(x, y);

        // u along 30° (image y down): (cos 30°, sin 30°); v across: (-sin 30°, cos 30°).
        Assert.Equal(100 + (140 * Math.Cos(Math.PI / 6)) + (20 * 0.5), x, 9);
        Assert.Equal(50 + (140 * 0.5) - (20 * Math.Cos(Math.PI / 6)), y, 9);
        Assert.Equal(140, u, 9);
        Assert.Equal(-20, v, 9);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(90, 90)]
    [InlineData(-90, 90)]
    [InlineData(100, -80)]
    [InlineData(-100, 80)]
    [InlineData(180, 0)]
    [InlineData(275, -85)]
    public void Axis_angles_wrap_into_minus_90_to_90(double degrees, double expected)
    {
        Assert.Equal(expected, PartPose.WrapAxisAngle(degrees), 9);
    }
}
