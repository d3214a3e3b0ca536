using System.Globalization;
using EdgeVision.Acquisition.Replay;
using EdgeVision.Inspection.Calibration;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision.Calibration;
using OpenCvSharp;

namespace EdgeVision.Service.Cli;

/// <summary>
/// <c>edgevision calibrate</c>: camera calibration from board images (intrinsics, distortion, RMS and per-image
/// reprojection errors, images without a board named) and/or a plane calibration (pixel→mm) from one board image
/// lying on the inspection plane. Writes the calibration file a recipe references.
/// </summary>
public static class CalibrateCommand
{
    /// <summary>Runs the calibration; returns the exit code (0 done, 1 calibration failed, 2 bad arguments).</summary>
    public static int Run(string? imagesDirectory, string? planeImage, string? cameraFile, string boardSpec, double squareMm, string outFile, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var c = CultureInfo.InvariantCulture;
        if (!CalibrationBoard.TryParse(boardSpec, squareMm, out var board, out var error))
        {
            stderr.WriteLine($"calibrate: --board: {error}");
            return 2;
        }

        if (imagesDirectory is null && planeImage is null)
        {
            stderr.WriteLine("calibrate: give --images DIR (camera calibration) and/or --plane IMAGE (pixel→mm on the inspection plane)");
            return 2;
        }

        CameraModel? camera = null;
        var rms = double.NaN;
        if (cameraFile is not null)
        {
            var errors = new SettingsErrors();
            var existing = CalibrationFile.Read(cameraFile, errors, "--camera");
            if (existing?.Camera is null)
            {
                stderr.WriteLine(errors.IsEmpty ? $"calibrate: --camera: '{cameraFile}' has no camera section" : string.Join(Environment.NewLine, errors.All));
                return 2;
            }

            (camera, rms) = (existing.Camera, existing.CameraRmsPx);
        }

        if (imagesDirectory is not null)
        {
            if (!Directory.Exists(imagesDirectory))
            {
                stderr.WriteLine($"calibrate: --images: folder '{imagesDirectory}' does not exist");
                return 2;
            }

            var files = ReplayReader.ImageFilesIn(imagesDirectory);
            var images = new List<CalibrationImage>();
            try
            {
                foreach (var f in files)
                {
                    images.Add(new CalibrationImage(Path.GetFileName(f), Cv2.ImRead(f, ImreadModes.Grayscale)));
                }

                var report = new CameraCalibrator(board).Calibrate(images);
                camera = report.Camera;
                rms = report.RmsPx;
                stdout.WriteLine(string.Create(c, $"camera: {report.ImagesUsed} of {files.Count} images used, RMS reprojection error {report.RmsPx:F3} px"));
                stdout.WriteLine(string.Create(c, $"  fx {camera.Fx:F2}  fy {camera.Fy:F2}  cx {camera.Cx:F2}  cy {camera.Cy:F2}  k1 {camera.K1:F5}  k2 {camera.K2:F5}  p1 {camera.P1:F5}  p2 {camera.P2:F5}  k3 {camera.K3:F5}"));
                foreach (var image in report.Images)
                {
                    stdout.WriteLine(string.Create(c, $"  {image.Name,-32} {image.RmsPx:F3} px"));
                }

                foreach (var name in report.Rejected)
                {
                    stdout.WriteLine($"  {name,-32} rejected: {board.Spec} board not found");
                }
            }
            catch (InvalidOperationException e)
            {
                stderr.WriteLine($"calibrate: {e.Message}");
                return 1;
            }
            finally
            {
                foreach (var image in images)
                {
                    image.Gray.Dispose();
                }
            }
        }

        PlaneCalibration? plane = null;
        if (planeImage is not null)
        {
            using var gray = Cv2.ImRead(planeImage, ImreadModes.Grayscale);
            if (gray.Empty())
            {
                stderr.WriteLine($"calibrate: --plane: '{planeImage}' could not be read as an image");
                return 2;
            }

            try
            {
                plane = PlaneCalibration.Calibrate(gray, board, camera);
            }
            catch (InvalidOperationException e)
            {
                stderr.WriteLine($"calibrate: --plane: {e.Message}");
                return 1;
            }

            stdout.WriteLine(string.Create(c, $"plane: {plane.MmPerPixel:F5} mm/px (x {plane.MmPerPixelX:F5}, y {plane.MmPerPixelY:F5}), board axis at {plane.AngleDeg:F3}°, residual {plane.ResidualRmsMm:F4} mm RMS{(plane.Undistorted ? ", on undistorted pixels" : string.Empty)}"));
        }

        CalibrationFile.Write(outFile, new CalibrationData(camera, plane) { CameraRmsPx = rms }, board.Spec);
        stdout.WriteLine($"wrote {Path.GetFullPath(outFile)}");
        return 0;
    }
}
