using System.Globalization;
using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// Calibrates a camera from several views of a board: finds the board in each image (naming those it is not found
/// in), runs OpenCV's calibrateCamera for focal lengths, principal point and the distortion coefficients
/// k1 k2 p1 p2 k3, and reports the reprojection error overall and per image. Fails with a message naming the rejected
/// images when fewer than <see cref="MinImages"/> show the board. Allocates freely; not for the per-frame path.
/// </summary>
public sealed class CameraCalibrator
{
    /// <summary>The smallest number of board views a calibration is attempted with, unless told otherwise.</summary>
    public const int DefaultMinImages = 3;

    /// <summary>Creates a calibrator for <paramref name="board"/>.</summary>
    public CameraCalibrator(CalibrationBoard board, int minImages = DefaultMinImages)
    {
        ArgumentNullException.ThrowIfNull(board);
        board.EnsureValid();
        ArgumentOutOfRangeException.ThrowIfLessThan(minImages, 1);
        Board = board;
        MinImages = minImages;
    }

    /// <summary>The board the images show.</summary>
    public CalibrationBoard Board { get; }

    /// <summary>The fewest images with a detected board a calibration is computed from.</summary>
    public int MinImages { get; }

    /// <summary>Keeps k3 at zero (advisable with few views or a lens with little distortion).</summary>
    public bool FixK3 { get; init; }

    /// <summary>
    /// Detects the board in every image and calibrates. All images must have the same size. Throws
    /// <see cref="InvalidOperationException"/> when fewer than <see cref="MinImages"/> images show the board.
    /// </summary>
    public CalibrationReport Calibrate(IEnumerable<CalibrationImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var names = new List<string>();
        var imagePoints = new List<Point2f[]>();
        var rejected = new List<string>();
        var size = default(Size);
        var total = 0;
        using (var detector = new BoardDetector(Board))
        {
            foreach (var image in images)
            {
                ArgumentNullException.ThrowIfNull(image.Gray, nameof(images));
                total++;
                var imageSize = image.Gray.Size();
                if (total == 1)
                {
                    size = imageSize;
                }
                else if (imageSize != size)
                {
                    ThrowHelper.ThrowArgument(
                        $"Image '{image.Name}' is {imageSize.Width}x{imageSize.Height}, but the first image is {size.Width}x{size.Height}; all calibration images must have the same size.",
                        nameof(images));
                }

                if (detector.TryDetect(image.Gray, out var points))
                {
                    names.Add(image.Name);
                    imagePoints.Add(points);
                }
                else
                {
                    rejected.Add(image.Name);
                }
            }
        }

        if (imagePoints.Count < MinImages)
        {
            var which = rejected.Count == 0 ? string.Empty : $"; no board found in: {string.Join(", ", rejected)}";
            ThrowHelper.ThrowInvalidOperation(string.Create(CultureInfo.InvariantCulture,
                $"Only {imagePoints.Count} of {total} images show the {Board.Spec} board, at least {MinImages} are needed{which}."));
        }

        return Solve(size, names, imagePoints, rejected);
    }

    private CalibrationReport Solve(Size size, List<string> names, List<Point2f[]> imagePoints, List<string> rejected)
    {
        var objectPoints = Board.ObjectPoints();
        var objects = new List<Point3f[]>(imagePoints.Count);
        for (var i = 0; i < imagePoints.Count; i++)
        {
            objects.Add(objectPoints);
        }

        var cameraMatrix = new double[3, 3];
        var distortion = new double[5];
        var flags = FixK3 ? CalibrationFlags.FixK3 : CalibrationFlags.None;
        var criteria = new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, 100, 1e-12);
        var rms = Cv2.CalibrateCamera(objects, imagePoints, size, cameraMatrix, distortion, out var rvecs, out var tvecs, flags, criteria);

        var residuals = new List<ImageResidual>(imagePoints.Count);
        for (var i = 0; i < imagePoints.Count; i++)
        {
            var rvec = new[] { rvecs[i].Item0, rvecs[i].Item1, rvecs[i].Item2 };
            var tvec = new[] { tvecs[i].Item0, tvecs[i].Item1, tvecs[i].Item2 };
            Cv2.ProjectPoints(objectPoints, rvec, tvec, cameraMatrix, distortion, out var projected, out _);
            var sum = 0.0;
            for (var k = 0; k < projected.Length; k++)
            {
                double dx = projected[k].X - imagePoints[i][k].X, dy = projected[k].Y - imagePoints[i][k].Y;
                sum += (dx * dx) + (dy * dy);
            }

            residuals.Add(new ImageResidual(names[i], Math.Sqrt(sum / projected.Length)));
        }

        var camera = new CameraModel(size.Width, size.Height, cameraMatrix[0, 0], cameraMatrix[1, 1], cameraMatrix[0, 2], cameraMatrix[1, 2], distortion);
        return new CalibrationReport(camera, rms, residuals, rejected);
    }
}
