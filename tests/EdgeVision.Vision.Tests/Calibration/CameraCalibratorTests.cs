using System.Globalization;
using EdgeVision.Vision.Calibration;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Calibration;

public class CameraCalibratorTests(ITestOutputHelper output)
{
    private const double Inset = 0.1; // the views put no board point into the image's very corners
    private static readonly CameraModel Truth = CalibrationViews.TrueCamera;

    [Fact]
    public void Chessboard_views_from_a_known_camera_recover_its_focal_lengths_principal_point_and_distortion()
    {
        var board = CalibrationViews.Chessboard;
        var poses = CalibrationViews.Poses(Truth, board, count: 15, seed: 11, minDistance: 280, maxDistance: 420);
        var images = CalibrationViews.Render(CalibrationViews.Renderer, board, poses);

        var report = new CameraCalibrator(board).Calibrate(images);

        var figures = Figures(report);
        output.WriteLine(figures);
        AssertRecovered(report, figures, focalTolerance: 0.005, centreTolerancePx: 3, maxRmsPx: 0.3, maxRayErrorPx: 1);
        Assert.Equal(15, report.ImagesUsed);
        Assert.Empty(report.Rejected);
    }

    [Fact]
    public void Asymmetric_circle_grid_views_from_a_known_camera_recover_it_too()
    {
        var board = new CalibrationBoard(BoardKind.AsymmetricCircles, 4, 11, 20);
        var poses = CalibrationViews.Poses(Truth, board, count: 15, seed: 23, minDistance: 300, maxDistance: 420);
        var images = CalibrationViews.Render(CalibrationViews.Renderer, board, poses);

        var report = new CameraCalibrator(board).Calibrate(images);

        // A blob's centroid is not the image of the circle's centre under perspective and distortion, so circle grids
        // reproject a little worse than chessboards; the bounds on the camera itself stay the issue's.
        var figures = Figures(report);
        output.WriteLine(figures);
        AssertRecovered(report, figures, focalTolerance: 0.005, centreTolerancePx: 3, maxRmsPx: 0.3, maxRayErrorPx: 1);
        Assert.Equal(15, report.ImagesUsed);
    }

    [Fact]
    public void An_image_without_a_board_is_rejected_and_named_in_the_report()
    {
        var board = CalibrationViews.Chessboard;
        var poses = CalibrationViews.Poses(Truth, board, count: 4, seed: 5, minDistance: 300, maxDistance: 420);
        var images = CalibrationViews.Render(CalibrationViews.Renderer, board, poses);
        using var blank = new Mat(Truth.Height, Truth.Width, MatType.CV_8UC1, Scalar.All(120));
        GaussianNoise.Add(blank, new Random(3), 2);
        images.Insert(2, new CalibrationImage("lens-cap.png", blank));

        var report = new CameraCalibrator(board).Calibrate(images);

        Assert.Equal(["lens-cap.png"], report.Rejected);
        Assert.Equal(4, report.ImagesUsed);
        Assert.Equal(["view00", "view01", "view02", "view03"], report.Images.Select(i => i.Name));
        Assert.All(report.Images, i => Assert.InRange(i.RmsPx, 0, 0.3));
    }

    [Fact]
    public void Fewer_board_views_than_the_minimum_fail_with_a_message_naming_the_rejected_images()
    {
        var board = CalibrationViews.Chessboard;
        var poses = CalibrationViews.Poses(Truth, board, count: 2, seed: 7, minDistance: 300, maxDistance: 420);
        var images = CalibrationViews.Render(CalibrationViews.Renderer, board, poses);
        using var blank = new Mat(Truth.Height, Truth.Width, MatType.CV_8UC1, Scalar.All(200));
        images.Add(new CalibrationImage("blank.png", blank));

        var error = Assert.Throws<InvalidOperationException>(() => new CameraCalibrator(board).Calibrate(images));

        output.WriteLine(error.Message);
        Assert.Contains("Only 2 of 3 images show the chessboard:9x6 board", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("blank.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_of_different_sizes_are_refused()
    {
        using var small = new Mat(480, 640, MatType.CV_8UC1, Scalar.All(128));
        using var large = new Mat(960, 1280, MatType.CV_8UC1, Scalar.All(128));

        var error = Assert.Throws<ArgumentException>(() =>
            new CameraCalibrator(CalibrationViews.Chessboard).Calibrate([new("a.png", small), new("b.png", large)]));

        Assert.Contains("'b.png' is 1280x960", error.Message, StringComparison.Ordinal);
    }

    private static string Figures(CalibrationReport report)
    {
        var c = report.Camera;
        var worst = report.Images.Max(i => i.RmsPx);
        return string.Create(CultureInfo.InvariantCulture,
            $"fx {c.Fx:F2} ({Relative(c.Fx, Truth.Fx):P3}), fy {c.Fy:F2} ({Relative(c.Fy, Truth.Fy):P3}), cx {c.Cx:F2} (Δ {c.Cx - Truth.Cx:F2}), cy {c.Cy:F2} (Δ {c.Cy - Truth.Cy:F2}), "
            + $"k1 {c.K1:F4} k2 {c.K2:F4} p1 {c.P1:F5} p2 {c.P2:F5} k3 {c.K3:F4}, RMS {report.RmsPx:F4} px (worst image {worst:F4}), "
            + $"worst ray error {CalibrationViews.WorstRayErrorPx(Truth, c, Inset):F3} px inside the central 80 % ({CalibrationViews.WorstRayErrorPx(Truth, c):F3} px over the whole image), {report.ImagesUsed} images");
    }

    private static void AssertRecovered(CalibrationReport report, string figures, double focalTolerance, double centreTolerancePx, double maxRmsPx, double maxRayErrorPx)
    {
        var c = report.Camera;
        Assert.Equal(Truth.ImageSize, c.ImageSize);
        Assert.True(Math.Abs(Relative(c.Fx, Truth.Fx)) < focalTolerance, $"fx off by more than {focalTolerance:P1}: {figures}");
        Assert.True(Math.Abs(Relative(c.Fy, Truth.Fy)) < focalTolerance, $"fy off by more than {focalTolerance:P1}: {figures}");
        Assert.True(Math.Abs(c.Cx - Truth.Cx) < centreTolerancePx, $"cx off by more than {centreTolerancePx} px: {figures}");
        Assert.True(Math.Abs(c.Cy - Truth.Cy) < centreTolerancePx, $"cy off by more than {centreTolerancePx} px: {figures}");
        Assert.True(report.RmsPx < maxRmsPx, $"RMS reprojection error not below {maxRmsPx} px: {figures}");
        Assert.True(CalibrationViews.WorstRayErrorPx(Truth, c, Inset) < maxRayErrorPx, $"the recovered lens model is more than {maxRayErrorPx} px off somewhere in the central 80 %: {figures}");
    }

    private static double Relative(double value, double truth) => (value - truth) / truth;
}
