using System.Text.Json;
using EdgeVision.Inspection.Calibration;
using EdgeVision.Inspection.Settings;
using EdgeVision.Service.Cli;
using EdgeVision.Vision.Calibration;
using OpenCvSharp;

namespace EdgeVision.Service.Tests.Cli;

public class CalibrateCommandTests
{
    private static readonly CameraModel Truth = new(800, 600, 700, 700, 403.2, 297.6, [-0.1, 0.04, 0.0005, -0.0003, 0]);
    private static readonly CalibrationBoard Board = new(BoardKind.Chessboard, 9, 6, 20);

    [Fact]
    public void Camera_and_plane_calibration_from_rendered_boards_recover_the_camera_and_name_the_image_without_a_board()
    {
        using var dir = new TempDirectory();
        var images = Directory.CreateDirectory(Path.Combine(dir.Path, "views")).FullName;
        var renderer = new SyntheticBoardRenderer(Truth) { NoiseSigma = 1.0 };
        (double Tx, double Ty, double Roll)[] views = [(0, 0, 0), (25, 0, 5), (-25, 0, -5), (0, 25, 10), (0, -25, -10), (20, 20, 0), (-20, -20, 15), (20, -20, -15), (-15, 20, 0), (10, -10, 30)];
        for (var i = 0; i < views.Length; i++)
        {
            using var view = renderer.Render(Board, BoardPose.FromAngles(Board, views[i].Tx, views[i].Ty, views[i].Roll, 420), noiseSeed: i + 1);
            Cv2.ImWrite(Path.Combine(images, $"view{i:D2}.png"), view);
        }

        using (var blank = new Mat(600, 800, MatType.CV_8UC1, Scalar.All(90)))
        {
            Cv2.ImWrite(Path.Combine(images, "zz-blank.png"), blank);
        }

        var plane = Path.Combine(dir.Path, "plane.png");
        using (var flat = renderer.Render(Board, BoardPose.FromAngles(Board, 0, 0, 0, 420), noiseSeed: 99))
        {
            Cv2.ImWrite(plane, flat);
        }

        var output = Path.Combine(dir.Path, "camera.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CalibrateCommand.Run(images, plane, null, "chessboard:9x6", 20, output, stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        var text = stdout.ToString();
        Assert.Contains("10 of 11 images used", text, StringComparison.Ordinal);
        Assert.Contains("zz-blank.png", text, StringComparison.Ordinal);
        Assert.Contains("rejected: chessboard:9x6 board not found", text, StringComparison.Ordinal);
        var errors = new SettingsErrors();
        var data = CalibrationFile.Read(output, errors, "test");
        Assert.True(errors.IsEmpty, string.Join("; ", errors.All));
        var camera = data!.Camera!;
        Assert.InRange(camera.Fx / Truth.Fx, 0.995, 1.005);
        Assert.InRange(camera.Fy / Truth.Fy, 0.995, 1.005);
        Assert.InRange(data.CameraRmsPx, 0.0, 0.3);

        // Face-on at 420 mm with f = 700 px: 0.6 mm per pixel at the centre.
        var p = data.Plane!;
        Assert.InRange(p.MmPerPixel, 0.6 * 0.99, 0.6 * 1.01);
        Assert.True(p.Undistorted);
        using var json = JsonDocument.Parse(File.ReadAllBytes(output));
        Assert.Equal("chessboard:9x6", json.RootElement.GetProperty("board").GetString());
    }

    [Fact]
    public void A_bad_board_spec_or_no_input_is_refused_with_exit_code_2()
    {
        var stderr = new StringWriter();

        Assert.Equal(2, CalibrateCommand.Run("/tmp", null, null, "chessboard:9", 20, "x.json", TextWriter.Null, stderr));
        Assert.Contains("--board", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, CalibrateCommand.Run(null, null, null, "chessboard:9x6", 20, "x.json", TextWriter.Null, stderr));
        Assert.Contains("give --images DIR", stderr.ToString(), StringComparison.Ordinal);
    }
}
