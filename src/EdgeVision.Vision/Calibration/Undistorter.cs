using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// Removes lens distortion from frames of a calibrated camera. The remap tables are built once (OpenCV's
/// initUndistortRectifyMap, float maps for sub-pixel accuracy) and reused for every frame, so <see cref="Apply"/>
/// costs one remap and allocates nothing but OpenCV's argument wrappers.
/// By default the output keeps the camera's own matrix (focal lengths and principal point), so the scale at the
/// image centre is unchanged and a <see cref="PlaneCalibration"/> made with the same <see cref="CameraModel"/>
/// applies to the output directly; the corners of a barrel-distorted image then leave the frame. With an
/// <c>alpha</c> the output uses OpenCV's optimal new camera matrix instead: 0 keeps only valid pixels, 1 keeps every
/// source pixel (with black borders).
/// </summary>
public sealed class Undistorter : IDisposable
{
    private readonly Mat _mapX = new();
    private readonly Mat _mapY = new();
    private readonly CameraModel _camera;
    private readonly Size _size;

    /// <summary>Builds the remap tables for <paramref name="camera"/>; see the class summary for <paramref name="alpha"/>.</summary>
    public Undistorter(CameraModel camera, double? alpha = null)
    {
        ArgumentNullException.ThrowIfNull(camera);
        _camera = camera;
        _size = camera.ImageSize;
        var matrix = camera.CameraMatrix();
        var distortion = camera.DistortionVector();
        double[,] output;
        if (alpha is double a)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(a, 0, nameof(alpha));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(a, 1, nameof(alpha));
            var optimal = Cv2.GetOptimalNewCameraMatrix(matrix, distortion, _size, a, _size, out _, false);
            if (optimal is null)
            {
                ThrowHelper.ThrowInvalidOperation("OpenCV returned no optimal camera matrix.");
            }

            output = optimal;
        }
        else
        {
            output = matrix;
        }

        OutputCamera = CameraModel.Pinhole(_size.Width, _size.Height, output[0, 0], output[1, 1], output[0, 2], output[1, 2]);
        using var k = InputArray.Create(matrix);
        using var d = InputArray.Create(distortion);
        using var p = InputArray.Create(output);
        using var identity = Mat.Eye(3, 3, MatType.CV_64FC1).ToMat();
        Cv2.InitUndistortRectifyMap(k, d, identity, p, _size, MatType.CV_32FC1, _mapX, _mapY);
    }

    /// <summary>The distortion-free camera the output images are taken with.</summary>
    public CameraModel OutputCamera { get; }

    /// <summary>
    /// Writes the undistorted <paramref name="src"/> into <paramref name="dst"/> (allocated by OpenCV on first use,
    /// then reused). Pixels that come from outside the source are black.
    /// </summary>
    public void Apply(Mat src, Mat dst)
    {
        ArgumentNullException.ThrowIfNull(src);
        ArgumentNullException.ThrowIfNull(dst);
        if (src.Size() != _size)
        {
            ThrowHelper.ThrowArgument("The frame's size differs from the size the camera was calibrated at.", nameof(src));
        }

        Cv2.Remap(src, dst, _mapX, _mapY, InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
    }

    /// <summary>Where a pixel of the distorted source image lies in the undistorted output. Allocates nothing.</summary>
    public (double X, double Y) UndistortPoint(double x, double y)
    {
        var (nx, ny) = _camera.PixelToNormalized(x, y);
        return ((OutputCamera.Fx * nx) + OutputCamera.Cx, (OutputCamera.Fy * ny) + OutputCamera.Cy);
    }

    /// <summary>Where a pixel of the undistorted output lies in the distorted source image. Allocates nothing.</summary>
    public (double X, double Y) DistortPoint(double x, double y)
    {
        var (dx, dy) = _camera.Distort((x - OutputCamera.Cx) / OutputCamera.Fx, (y - OutputCamera.Cy) / OutputCamera.Fy);
        return ((_camera.Fx * dx) + _camera.Cx, (_camera.Fy * dy) + _camera.Cy);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _mapX.Dispose();
        _mapY.Dispose();
    }
}
