using EdgeVision.Inspection.Calibration;
using OpenCvSharp;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// The undistort preprocessing step: removes lens distortion from the gray and colour images with remap tables
/// computed once from the calibration (same camera matrix, so pixel scale at the centre is kept). Owns its tables
/// and output images and reuses them frame after frame.
/// </summary>
public sealed class LensCorrection : IDisposable
{
    private readonly Mat _mapX = new();
    private readonly Mat _mapY = new();

    /// <summary>Builds the remap tables for <paramref name="camera"/>.</summary>
    public LensCorrection(CameraIntrinsics camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        using var k = new Mat(3, 3, MatType.CV_64FC1);
        k.SetTo(Scalar.All(0));
        k.Set(0, 0, camera.Fx);
        k.Set(1, 1, camera.Fy);
        k.Set(0, 2, camera.Cx);
        k.Set(1, 2, camera.Cy);
        k.Set(2, 2, 1.0);
        using var d = new Mat(1, camera.Distortion.Count, MatType.CV_64FC1);
        for (var i = 0; i < camera.Distortion.Count; i++)
        {
            d.Set(0, i, camera.Distortion[i]);
        }

        using var r = new Mat();
        Cv2.InitUndistortRectifyMap(k, d, r, k, new Size(camera.Width, camera.Height), MatType.CV_32FC1, _mapX, _mapY);
    }

    /// <summary>The undistorted gray image of the last call.</summary>
    public Mat Gray { get; } = new();

    /// <summary>The undistorted colour image of the last call.</summary>
    public Mat Color { get; } = new();

    /// <summary>Undistorts both images into <see cref="Gray"/> and <see cref="Color"/>.</summary>
    public void Apply(Mat gray, Mat color)
    {
        Cv2.Remap(gray, Gray, _mapX, _mapY, InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        Cv2.Remap(color, Color, _mapX, _mapY, InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _mapX.Dispose();
        _mapY.Dispose();
        Gray.Dispose();
        Color.Dispose();
    }
}
