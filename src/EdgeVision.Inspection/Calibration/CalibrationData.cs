using EdgeVision.Inspection.Tools;
using EdgeVision.Vision.Calibration;

namespace EdgeVision.Inspection.Calibration;

/// <summary>A plane calibration seen as the recipe's pixel→millimetre scale.</summary>
public sealed class PlaneMapping : IPlaneScale
{
    /// <summary>Wraps <paramref name="plane"/>.</summary>
    public PlaneMapping(PlaneCalibration plane) => Plane = plane ?? throw new ArgumentNullException(nameof(plane));

    /// <summary>The plane calibration.</summary>
    public PlaneCalibration Plane { get; }

    /// <inheritdoc/>
    public double MillimetresPerPixelAt(double x, double y) => Plane.MmPerPixelAt(x, y);

    /// <inheritdoc/>
    public (double X, double Y) ToPlane(double x, double y) => Plane.ToPlane(x, y);

    /// <summary>A mapping with a uniform scale and rotation (a fronto-parallel camera), for tests and simple set-ups.</summary>
    public static PlaneMapping Uniform(double millimetresPerPixel, double angleDeg = 0)
    {
        var a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a) * millimetresPerPixel, s = Math.Sin(a) * millimetresPerPixel;
        return new PlaneMapping(new PlaneCalibration([c, s, 0, -s, c, 0, 0, 0, 1], millimetresPerPixel, millimetresPerPixel, millimetresPerPixel, angleDeg, 0, undistorted: false));
    }
}

/// <summary>What a calibration file holds: the camera (for undistortion) and/or the plane calibration (for millimetres).</summary>
public sealed record CalibrationData(CameraModel? Camera, PlaneCalibration? Plane)
{
    /// <summary>RMS reprojection error of the camera calibration in pixels (NaN if unknown).</summary>
    public double CameraRmsPx { get; init; } = double.NaN;
}
