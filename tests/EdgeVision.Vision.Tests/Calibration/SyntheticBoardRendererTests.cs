using EdgeVision.Vision.Calibration;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Calibration;

public class SyntheticBoardRendererTests(ITestOutputHelper output)
{
    // 1 mm on a fronto-parallel board 1000 mm away is 1 px.
    private static readonly CameraModel Pinhole = CameraModel.Pinhole(400, 300, 1000, 1000, 199.5, 149.5);

    [Fact]
    public void Chessboard_corners_are_found_where_the_camera_projects_them()
    {
        var board = CalibrationViews.Chessboard;
        var poses = CalibrationViews.Poses(CalibrationViews.TrueCamera, board, count: 3, seed: 99, minDistance: 300, maxDistance: 420);
        using var detector = new BoardDetector(board);

        for (var i = 0; i < poses.Count; i++)
        {
            using var image = CalibrationViews.Renderer.Render(board, poses[i], noiseSeed: i);
            var truth = CalibrationViews.Renderer.Project(board, poses[i]);

            Assert.True(detector.TryDetect(image, out var corners), $"view {i}: board not found");
            var rms = Rms(corners, truth);
            output.WriteLine($"view {i}: detected corners RMS {rms:F4} px from the projection");
            Assert.True(rms < 0.1, $"view {i}: RMS {rms:F4} px");
        }
    }

    [Fact]
    public void The_sector_based_detector_finds_the_corners_in_the_same_order()
    {
        // OpenCV's sector-based detector starts at the other end of the board; the detector turns its order round.
        var board = CalibrationViews.Chessboard;
        var pose = CalibrationViews.Poses(CalibrationViews.TrueCamera, board, count: 1, seed: 17, minDistance: 300, maxDistance: 400)[0];
        using var image = CalibrationViews.Renderer.Render(board, pose, noiseSeed: 6);
        using var detector = new BoardDetector(board) { SectorBasedFirst = true };

        Assert.True(detector.TryDetect(image, out var corners), "board not found");
        var rms = Rms(corners, CalibrationViews.Renderer.Project(board, pose));
        output.WriteLine($"sector-based detector: corners RMS {rms:F4} px from the projection");
        Assert.True(rms < 0.1, $"RMS {rms:F4} px");
    }

    [Theory]
    [InlineData(BoardKind.SymmetricCircles, 7, 6)]
    [InlineData(BoardKind.AsymmetricCircles, 4, 11)]
    public void Circle_centres_of_a_face_on_grid_are_found_where_the_camera_projects_them(BoardKind kind, int cols, int rows)
    {
        var board = new CalibrationBoard(kind, cols, rows, 12);
        var renderer = new SyntheticBoardRenderer(Pinhole) { NoiseSigma = 1 };
        var pose = BoardPose.FromAngles(board, 0, 0, 3.7, 1000, 0.31, -0.27);
        using var image = renderer.Render(board, pose, noiseSeed: 8);
        using var detector = new BoardDetector(board);

        Assert.True(detector.TryDetect(image, out var centres), "grid not found");
        var rms = Rms(centres, renderer.Project(board, pose));
        output.WriteLine($"{board.Spec}: centres RMS {rms:F4} px from the projection");
        Assert.True(rms < 0.05, $"RMS {rms:F4} px");
    }

    [Fact]
    public void Edges_are_anti_aliased_at_their_sub_pixel_position()
    {
        // Face-on, 1 px per mm: in the row through the middle of the top row of squares the square from x = 25 to
        // 50 mm is black. Its ink, summed across the row, gives its width and centre to a fraction of a pixel only
        // if the edge pixels hold the covered fraction.
        var board = CalibrationViews.Chessboard;
        var renderer = new SyntheticBoardRenderer(Pinhole) { BlackLevel = 20, WhiteLevel = 230 };
        var random = new Random(31);
        double squares = 0, worst = 0, worstWidth = 0;
        const int Trials = 20;
        for (var trial = 0; trial < Trials; trial++)
        {
            double shiftX = random.NextDouble() - 0.5, shiftY = random.NextDouble() - 0.5;
            var pose = BoardPose.FromAngles(board, 0, 0, 0, 1000, shiftX, shiftY);
            using var image = renderer.Render(board, pose);
            var (u0, v0) = Pinhole.Project(pose.Translation.Item0, pose.Translation.Item1, 1000); // board origin
            var row = (int)Math.Round(v0 - 12.5);
            var from = (int)Math.Floor(u0 + 20);
            double ink = 0, moment = 0;
            for (var x = from; x < from + 36; x++)
            {
                var w = (230.0 - image.At<byte>(row, x)) / 210.0;
                ink += w;
                moment += w * x;
            }

            var error = (moment / ink) - (u0 + 37.5);
            squares += error * error;
            worst = Math.Max(worst, Math.Abs(error));
            worstWidth = Math.Max(worstWidth, Math.Abs(ink - 25));
        }

        var rms = Math.Sqrt(squares / Trials);
        output.WriteLine($"square centre RMS {rms:F4} px (worst {worst:F4}), worst width error {worstWidth:F4} px");
        Assert.True(rms < 0.05, $"centre RMS {rms:F4} px");
        Assert.True(worst < 0.08, $"worst centre error {worst:F4} px");
        Assert.True(worstWidth < 0.05, $"worst width error {worstWidth:F4} px");
    }

    [Fact]
    public void Noise_is_the_same_for_the_same_seed_and_has_the_asked_spread()
    {
        var board = CalibrationViews.Chessboard;
        var renderer = new SyntheticBoardRenderer(Pinhole) { NoiseSigma = 2 };
        var pose = BoardPose.FromAngles(board, 0, 0, 0, 5000); // small in the middle: the background fills the corners
        using var first = renderer.Render(board, pose, noiseSeed: 1);
        using var again = renderer.Render(board, pose, noiseSeed: 1);
        using var other = renderer.Render(board, pose, noiseSeed: 2);
        using var corner = new Mat(first, new Rect(0, 0, 100, 80));

        Cv2.MeanStdDev(corner, out var mean, out var spread);

        Assert.Equal(0, Cv2.Norm(first, again, NormTypes.L1));
        Assert.NotEqual(0, Cv2.Norm(first, other, NormTypes.L1));
        Assert.Equal(100, mean.Val0, 0.3);
        Assert.Equal(2, spread.Val0, 0.15);
    }

    private static double Rms(Point2f[] found, Point2d[] truth)
    {
        var squares = 0.0;
        for (var i = 0; i < found.Length; i++)
        {
            squares += ((found[i].X - truth[i].X) * (found[i].X - truth[i].X)) + ((found[i].Y - truth[i].Y) * (found[i].Y - truth[i].Y));
        }

        return Math.Sqrt(squares / found.Length);
    }
}
