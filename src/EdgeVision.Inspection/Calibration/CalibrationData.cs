using EdgeVision.Inspection.Tools;

namespace EdgeVision.Inspection.Calibration;

/// <summary>A camera's intrinsics and lens distortion (OpenCV's pinhole model with k1, k2, p1, p2, k3).</summary>
public sealed record CameraIntrinsics(int Width, int Height, double Fx, double Fy, double Cx, double Cy, IReadOnlyList<double> Distortion)
{
    /// <summary>RMS reprojection error of the calibration that produced these, in pixels (NaN if unknown).</summary>
    public double RmsError { get; init; } = double.NaN;
}

/// <summary>
/// A plane calibration: the homography from (undistorted) image pixels to millimetres on the inspection plane.
/// Converts lengths measured in pixels to millimetres using the local scale of the homography.
/// </summary>
public sealed record PlaneMapping(IReadOnlyList<double> Homography) : IPlaneScale
{
    /// <summary>RMS residual of the board points in millimetres (NaN if unknown).</summary>
    public double RmsMillimetres { get; init; } = double.NaN;

    /// <inheritdoc/>
    public (double X, double Y) ToPlane(double x, double y)
    {
        var h = Homography;
        var w = (h[6] * x) + (h[7] * y) + h[8];
        return ((((h[0] * x) + (h[1] * y) + h[2]) / w), (((h[3] * x) + (h[4] * y) + h[5]) / w));
    }

    /// <inheritdoc/>
    public double MillimetresPerPixelAt(double x, double y)
    {
        // The square root of the Jacobian determinant: how much a small pixel area grows on the plane.
        var h = Homography;
        var w = (h[6] * x) + (h[7] * y) + h[8];
        var (px, py) = ToPlane(x, y);
        double j00 = (h[0] - (h[6] * px)) / w, j01 = (h[1] - (h[7] * px)) / w;
        double j10 = (h[3] - (h[6] * py)) / w, j11 = (h[4] - (h[7] * py)) / w;
        return Math.Sqrt(Math.Abs((j00 * j11) - (j01 * j10)));
    }

    /// <summary>A mapping with a uniform scale and rotation (a fronto-parallel camera), for tests and simple set-ups.</summary>
    public static PlaneMapping Uniform(double millimetresPerPixel, double angleDeg = 0)
    {
        var a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a) * millimetresPerPixel, s = Math.Sin(a) * millimetresPerPixel;
        return new PlaneMapping([c, s, 0, -s, c, 0, 0, 0, 1]);
    }
}

/// <summary>What a calibration file holds: the camera (for undistortion) and/or the plane mapping (for millimetres).</summary>
public sealed record CalibrationData(CameraIntrinsics? Camera, PlaneMapping? Plane);
