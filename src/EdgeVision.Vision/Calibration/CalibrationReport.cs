using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>One image handed to <see cref="CameraCalibrator"/>: a name to report it by and its 8-bit gray pixels.</summary>
public readonly record struct CalibrationImage(string Name, Mat Gray);

/// <summary>How well the calibrated camera reprojects the board points of one image it was computed from.</summary>
public sealed record ImageResidual(string Name, double RmsPx);

/// <summary>
/// The outcome of a camera calibration: the camera model, the overall RMS reprojection error in pixels (over all
/// points of all images used), the RMS error of each image used, and the names of the images in which no board was
/// found. Plain data, so it serialises as it is.
/// </summary>
public sealed record CalibrationReport(CameraModel Camera, double RmsPx, IReadOnlyList<ImageResidual> Images, IReadOnlyList<string> Rejected)
{
    /// <summary>The number of images the board was found in and the calibration used.</summary>
    public int ImagesUsed => Images.Count;
}
