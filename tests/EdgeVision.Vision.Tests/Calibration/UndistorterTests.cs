using EdgeVision.Vision.Calibration;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Calibration;

public class UndistorterTests(ITestOutputHelper output)
{
    private static readonly CameraModel Camera = CalibrationViews.TrueCamera;

    [Fact]
    public void A_point_seen_through_the_lens_is_moved_to_its_ideal_pinhole_projection()
    {
        // Distorted by OpenCV's own projectPoints, so the check does not lean on this code's lens model.
        var points = new List<Point3f>();
        for (var y = -0.43f; y <= 0.44f; y += 0.0725f)
        {
            for (var x = -0.58f; x <= 0.58f; x += 0.0725f)
            {
                points.Add(new Point3f(x * 500, y * 500, 500));
            }
        }

        Cv2.ProjectPoints(points, [0.0, 0, 0], [0.0, 0, 0], Camera.CameraMatrix(), Camera.DistortionVector(), out var distorted, out _);
        using var undistorter = new Undistorter(Camera);

        double worst = 0, worstBack = 0, largestShift = 0;
        for (var i = 0; i < points.Count; i++)
        {
            double idealX = (Camera.Fx * points[i].X / points[i].Z) + Camera.Cx, idealY = (Camera.Fy * points[i].Y / points[i].Z) + Camera.Cy;
            var (x, y) = undistorter.UndistortPoint(distorted[i].X, distorted[i].Y);
            var (bx, by) = undistorter.DistortPoint(x, y);
            worst = Math.Max(worst, Math.Sqrt(((x - idealX) * (x - idealX)) + ((y - idealY) * (y - idealY))));
            worstBack = Math.Max(worstBack, Math.Sqrt(((bx - distorted[i].X) * (bx - distorted[i].X)) + ((by - distorted[i].Y) * (by - distorted[i].Y))));
            largestShift = Math.Max(largestShift, Math.Sqrt(((distorted[i].X - idealX) * (distorted[i].X - idealX)) + ((distorted[i].Y - idealY) * (distorted[i].Y - idealY))));
        }

        output.WriteLine($"{points.Count} points, lens shifts up to {largestShift:F1} px; undistorted within {worst:E2} px of the pinhole projection, distorted back within {worstBack:E2} px");
        Assert.True(largestShift > 20, "the test points should reach where the lens moves them a lot");
        Assert.True(worst < 0.1, $"undistorted point {worst:F4} px from its pinhole projection");
        Assert.True(worstBack < 0.01, $"distorting back missed by {worstBack:F4} px");
    }

    [Fact]
    public void The_undistorted_image_puts_every_circle_centre_at_its_pinhole_projection()
    {
        // Seen face-on by a pinhole a circle stays a circle, so its blob centre is the projection of its centre.
        var board = new CalibrationBoard(BoardKind.SymmetricCircles, 11, 8, 25);
        var pose = BoardPose.FromAngles(board, 0, 0, 0, 330);
        using var image = CalibrationViews.Renderer.Render(board, pose, noiseSeed: 2);
        using var undistorter = new Undistorter(Camera);
        using var undistorted = new Mat();
        undistorter.Apply(image, undistorted);
        using var detector = new BoardDetector(board);

        Assert.True(detector.TryDetect(undistorted, out var centres), "circle grid not found in the undistorted image");
        var objects = board.ObjectPoints();
        double squares = 0, worst = 0;
        for (var i = 0; i < objects.Length; i++)
        {
            var (cx, cy, cz) = pose.ToCamera(objects[i].X, objects[i].Y);
            var (u, v) = Camera.WithoutDistortion().Project(cx, cy, cz);
            var d2 = ((centres[i].X - u) * (centres[i].X - u)) + ((centres[i].Y - v) * (centres[i].Y - v));
            squares += d2;
            worst = Math.Max(worst, Math.Sqrt(d2));
        }

        var rms = Math.Sqrt(squares / objects.Length);
        output.WriteLine($"circle centres in the undistorted image: RMS {rms:F4} px, worst {worst:F4} px from the pinhole projection");
        Assert.True(rms < 0.1, $"RMS {rms:F4} px");
        Assert.True(worst < 0.2, $"worst {worst:F4} px");
    }

    [Fact]
    public void Rows_of_chessboard_corners_are_straight_after_undistortion()
    {
        var board = CalibrationViews.Chessboard;
        var pose = BoardPose.FromAngles(board, 0, 0, 0, 400, 0, -57); // high in the image, where the lens bends lines
        using var image = CalibrationViews.Renderer.Render(board, pose, noiseSeed: 4);
        using var undistorter = new Undistorter(Camera);
        using var undistorted = new Mat();
        undistorter.Apply(image, undistorted);
        using var detector = new BoardDetector(board);

        Assert.True(detector.TryDetect(image, out var bent), "board not found in the distorted image");
        Assert.True(detector.TryDetect(undistorted, out var straight), "board not found in the undistorted image");
        var before = RowResidual(bent, board);
        var after = RowResidual(straight, board);

        output.WriteLine($"RMS distance of the corners from the line fitted through their row: {before:F3} px distorted, {after:F4} px undistorted");
        Assert.True(before > 0.5, $"the distorted rows should bend ({before:F3} px)");
        Assert.True(after < 0.1, $"undistorted rows still bend by {after:F4} px");
        Assert.True(after < before / 8, $"undistortion straightened the rows only from {before:F3} to {after:F4} px");
    }

    [Fact]
    public void With_alpha_one_every_source_pixel_lands_inside_the_output()
    {
        using var undistorter = new Undistorter(Camera, alpha: 1);

        foreach (var (x, y) in new[] { (0.0, 0.0), (1279.0, 0.0), (0.0, 959.0), (1279.0, 959.0), (640.0, 0.0), (0.0, 480.0) })
        {
            var (u, v) = undistorter.UndistortPoint(x, y);
            Assert.InRange(u, -1, 1280);
            Assert.InRange(v, -1, 960);
        }

        Assert.True(undistorter.OutputCamera.Fx < Camera.Fx, "keeping every pixel of a barrel-distorted image shrinks the scale");
    }

    [Fact]
    public void Apply_reuses_the_destination_from_frame_to_frame()
    {
        using var undistorter = new Undistorter(Camera);
        using var frame = new Mat(Camera.Height, Camera.Width, MatType.CV_8UC1, Scalar.All(90));
        using var dst = new Mat();

        undistorter.Apply(frame, dst);
        var pixels = dst.Data;
        undistorter.Apply(frame, dst);

        Assert.Equal(pixels, dst.Data);
        Assert.Equal(frame.Size(), dst.Size());
        Assert.Equal(90, dst.At<byte>(480, 640));
        Assert.Equal(Camera.WithoutDistortion(), undistorter.OutputCamera);
    }

    [Fact]
    public void A_frame_of_another_size_is_refused()
    {
        using var undistorter = new Undistorter(Camera);
        using var frame = new Mat(480, 640, MatType.CV_8UC1, Scalar.All(0));
        using var dst = new Mat();

        Assert.Throws<ArgumentException>(() => undistorter.Apply(frame, dst));
    }

    /// <summary>The RMS distance of the corners from the total-least-squares line through their row, over all rows.</summary>
    private static double RowResidual(Point2f[] corners, CalibrationBoard board)
    {
        var squares = 0.0;
        for (var row = 0; row < board.Rows; row++)
        {
            double mx = 0, my = 0;
            for (var col = 0; col < board.Cols; col++)
            {
                mx += corners[(row * board.Cols) + col].X;
                my += corners[(row * board.Cols) + col].Y;
            }

            mx /= board.Cols;
            my /= board.Cols;
            double sxx = 0, sxy = 0, syy = 0;
            for (var col = 0; col < board.Cols; col++)
            {
                double dx = corners[(row * board.Cols) + col].X - mx, dy = corners[(row * board.Cols) + col].Y - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }

            // The smaller eigenvalue of the scatter matrix is the sum of squared distances from the best line.
            var smallest = ((sxx + syy) / 2) - Math.Sqrt((((sxx - syy) / 2) * ((sxx - syy) / 2)) + (sxy * sxy));
            squares += Math.Max(0, smallest);
        }

        return Math.Sqrt(squares / corners.Length);
    }
}
