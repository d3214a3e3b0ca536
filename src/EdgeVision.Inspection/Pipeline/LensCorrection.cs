using EdgeVision.Vision.Calibration;
using OpenCvSharp;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// The undistort preprocessing step: removes lens distortion from the gray and colour images with an
/// <see cref="Undistorter"/> built once from the calibration (same camera matrix, so the plane calibration made on
/// undistorted images applies). Owns its output images and reuses them frame after frame.
/// </summary>
public sealed class LensCorrection : IDisposable
{
    private readonly Undistorter _undistorter;

    /// <summary>Builds the remap tables for <paramref name="camera"/>.</summary>
    public LensCorrection(CameraModel camera) => _undistorter = new Undistorter(camera);

    /// <summary>The undistorted gray image of the last call.</summary>
    public Mat Gray { get; } = new();

    /// <summary>The undistorted colour image of the last call.</summary>
    public Mat Color { get; } = new();

    /// <summary>Undistorts both images into <see cref="Gray"/> and <see cref="Color"/>.</summary>
    public void Apply(Mat gray, Mat color)
    {
        _undistorter.Apply(gray, Gray);
        _undistorter.Apply(color, Color);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _undistorter.Dispose();
        Gray.Dispose();
        Color.Dispose();
    }
}
