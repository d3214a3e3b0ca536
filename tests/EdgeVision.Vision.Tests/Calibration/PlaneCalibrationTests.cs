using System.Text.Json;
using EdgeVision.Vision.Calibration;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Calibration;

public class PlaneCalibrationTests(ITestOutputHelper output)
{
    private const double Focal = 800;
    private static readonly CameraModel Pinhole = CameraModel.Pinhole(640, 480, Focal, Focal, 319.7, 240.2);
    private static readonly CalibrationBoard Board = CalibrationViews.Chessboard;
    private static readonly Lazy<SyntheticBoardRenderer> Renderer = new(() => new SyntheticBoardRenderer(Pinhole) { NoiseSigma = 1.5 });

    [Fact]
    public void A_fronto_parallel_board_gives_its_known_scale_and_orientation()
    {
        var random = new Random(4242);
        for (var trial = 0; trial < 4; trial++)
        {
            var distance = 560 + (80 * random.NextDouble());
            var roll = (random.NextDouble() * 40) - 20;
            var pose = BoardPose.FromAngles(Board, 0, 0, roll, distance, (random.NextDouble() * 20) - 10, (random.NextDouble() * 20) - 10);
            using var image = Renderer.Value.Render(Board, pose, noiseSeed: trial);
            var expected = distance / Focal;

            var plane = PlaneCalibration.Calibrate(image, Board);

            var figures = $"trial {trial}: mm/px {plane.MmPerPixel:F5} (x {plane.MmPerPixelX:F5}, y {plane.MmPerPixelY:F5}) vs {expected:F5} "
                + $"({(plane.MmPerPixel - expected) / expected:P3}), angle {plane.AngleDeg:F4}° vs {roll:F4}°, residual {plane.ResidualRmsMm:F4} mm";
            output.WriteLine(figures);
            Assert.True(Math.Abs(plane.MmPerPixel - expected) / expected < 0.002, figures);
            Assert.True(Math.Abs(plane.MmPerPixelX - expected) / expected < 0.002, figures);
            Assert.True(Math.Abs(plane.MmPerPixelY - expected) / expected < 0.002, figures);
            Assert.True(Math.Abs(plane.AngleDeg - roll) < 0.05, figures);
            Assert.False(plane.Undistorted);
        }
    }

    [Theory]
    [InlineData(175)]
    [InlineData(-170)]
    [InlineData(95)]
    [InlineData(-80)]
    public void A_board_turned_round_keeps_its_own_axes(double roll)
    {
        var pose = BoardPose.FromAngles(Board, 0, 0, roll, 600);
        using var image = Renderer.Value.Render(Board, pose, noiseSeed: 5);

        var plane = PlaneCalibration.Calibrate(image, Board);

        // The corner counts 9 and 6 differ in parity, so the dark outer square tells where the board's origin is.
        output.WriteLine($"roll {roll}°: angle {plane.AngleDeg:F4}°");
        Assert.True(Math.Abs(plane.AngleDeg - roll) < 0.05, $"angle {plane.AngleDeg:F4}° for a board turned by {roll}°");
        var (x, y) = plane.ToPlane(Pinhole.Cx, Pinhole.Cy);
        Assert.True(Math.Abs(x - 100) < 0.1 && Math.Abs(y - 62.5) < 0.1, $"the image centre maps to ({x:F3}, {y:F3}), not the board centre");
    }

    [Fact]
    public void Points_of_a_tilted_plane_map_to_their_millimetres_and_back()
    {
        var pose = BoardPose.FromAngles(Board, 20, -15, 5, 650);
        using var image = Renderer.Value.Render(Board, pose, noiseSeed: 9);

        var plane = PlaneCalibration.Calibrate(image, Board);

        // Points on the plane inside and outside the board, seen where the camera puts them.
        var worst = 0.0;
        foreach (var (x, y) in new[] { (-30.0, -30.0), (230.0, 150.0), (100.0, 60.0), (0.0, 125.0), (210.0, -20.0) })
        {
            var (cx, cy, cz) = pose.ToCamera(x, y);
            var (u, v) = Pinhole.Project(cx, cy, cz);
            var (px, py) = plane.ToPlane(u, v);
            worst = Math.Max(worst, Math.Sqrt(((px - x) * (px - x)) + ((py - y) * (py - y))));
            var (bu, bv) = plane.ToImage(px, py);
            Assert.Equal(u, bu, 6);
            Assert.Equal(v, bv, 6);
        }

        output.WriteLine($"worst plane error {worst:F4} mm, residual {plane.ResidualRmsMm:F4} mm, scale {plane.MmPerPixelX:F4} x {plane.MmPerPixelY:F4} mm/px");
        Assert.True(worst < 0.1, $"a plane point mapped {worst:F4} mm from where it is");

        // Tilted about x with its lower part farther away: a pixel there covers more millimetres.
        var (topU, topV) = plane.ToImage(100, 0);
        var (bottomU, bottomV) = plane.ToImage(100, 125);
        Assert.True(plane.MmPerPixelAt(bottomU, bottomV) > 1.05 * plane.MmPerPixelAt(topU, topV),
            $"{plane.MmPerPixelAt(bottomU, bottomV):F4} mm/px at the bottom vs {plane.MmPerPixelAt(topU, topV):F4} at the top");
    }

    [Fact]
    public void Undistorting_the_board_points_first_removes_the_lens_from_the_plane_mapping()
    {
        var camera = CalibrationViews.TrueCamera;
        var pose = BoardPose.FromAngles(Board, 3, -4, 2, 310, 20, -10);
        using var image = CalibrationViews.Renderer.Render(Board, pose, noiseSeed: 3);

        var raw = PlaneCalibration.Calibrate(image, Board);
        var corrected = PlaneCalibration.Calibrate(image, Board, camera);

        output.WriteLine($"residual without the lens model {raw.ResidualRmsMm:F4} mm, with it {corrected.ResidualRmsMm:F4} mm");
        Assert.True(corrected.Undistorted);
        Assert.True(corrected.ResidualRmsMm < 0.02, $"residual with the lens model {corrected.ResidualRmsMm:F4} mm");
        Assert.True(raw.ResidualRmsMm > 5 * corrected.ResidualRmsMm, $"without the lens model {raw.ResidualRmsMm:F4} mm");

        // A plane point seen through the lens, undistorted, lands on its millimetres.
        using var undistorter = new Undistorter(camera);
        var (cx, cy, cz) = pose.ToCamera(190, 115);
        var (u, v) = camera.Project(cx, cy, cz);
        var (ux, uy) = undistorter.UndistortPoint(u, v);
        var (px, py) = corrected.ToPlane(ux, uy);
        Assert.True(Math.Abs(px - 190) < 0.05 && Math.Abs(py - 115) < 0.05, $"({px:F3}, {py:F3}) instead of (190, 115)");
    }

    [Fact]
    public void A_plane_calibration_survives_a_trip_through_json()
    {
        var pose = BoardPose.FromAngles(Board, 10, 5, -8, 620);
        using var image = Renderer.Value.Render(Board, pose, noiseSeed: 1);
        var plane = PlaneCalibration.Calibrate(image, Board);

        var json = JsonSerializer.Serialize(plane);
        var back = JsonSerializer.Deserialize<PlaneCalibration>(json)!;

        output.WriteLine(json);
        Assert.Equal(plane.Homography, back.Homography);
        Assert.Equal(plane.MmPerPixel, back.MmPerPixel);
        Assert.Equal(plane.AngleDeg, back.AngleDeg);
        Assert.Equal(plane.ToPlane(100, 200), back.ToPlane(100, 200));
        Assert.Equal(plane.ToImage(50, 50), back.ToImage(50, 50));
    }

    [Fact]
    public void A_camera_model_survives_a_trip_through_json()
    {
        var camera = CalibrationViews.TrueCamera;

        var back = JsonSerializer.Deserialize<CameraModel>(JsonSerializer.Serialize(camera));

        Assert.Equal(camera, back);
    }

    [Fact]
    public void An_image_without_the_board_fails_with_a_message()
    {
        using var blank = new Mat(480, 640, MatType.CV_8UC1, Scalar.All(180));

        var error = Assert.Throws<InvalidOperationException>(() => PlaneCalibration.Calibrate(blank, Board));

        Assert.Contains("chessboard:9x6 board was not found", error.Message, StringComparison.Ordinal);
    }
}
