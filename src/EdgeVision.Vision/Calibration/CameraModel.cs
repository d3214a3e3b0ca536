using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// A calibrated camera in OpenCV's pinhole model with radial and tangential distortion: the image size it was
/// calibrated at, focal lengths and principal point in pixels, and the distortion coefficients k1 k2 p1 p2 k3 (a
/// shorter array means the missing terms are zero). Plain data, so it serialises as it is; equality compares the
/// coefficients by value.
/// </summary>
public sealed record CameraModel(int Width, int Height, double Fx, double Fy, double Cx, double Cy, double[] Distortion)
{
    private const int MaxNewtonSteps = 30;

    /// <summary>A camera without distortion.</summary>
    public static CameraModel Pinhole(int width, int height, double fx, double fy, double cx, double cy) =>
        new(width, height, fx, fy, cx, cy, [0, 0, 0, 0, 0]);

    /// <summary>First radial coefficient.</summary>
    public double K1 => Coefficient(0);

    /// <summary>Second radial coefficient.</summary>
    public double K2 => Coefficient(1);

    /// <summary>First tangential coefficient.</summary>
    public double P1 => Coefficient(2);

    /// <summary>Second tangential coefficient.</summary>
    public double P2 => Coefficient(3);

    /// <summary>Third radial coefficient.</summary>
    public double K3 => Coefficient(4);

    /// <summary>The image size the model holds for.</summary>
    public Size ImageSize => new(Width, Height);

    /// <summary>True when every distortion coefficient is zero.</summary>
    public bool IsPinhole => K1 == 0 && K2 == 0 && P1 == 0 && P2 == 0 && K3 == 0;

    /// <summary>The 3×3 camera matrix [fx 0 cx; 0 fy cy; 0 0 1].</summary>
    public double[,] CameraMatrix() => new double[,] { { Fx, 0, Cx }, { 0, Fy, Cy }, { 0, 0, 1 } };

    /// <summary>The five distortion coefficients k1 k2 p1 p2 k3, zeros filled in.</summary>
    public double[] DistortionVector() => [K1, K2, P1, P2, K3];

    /// <summary>Applies the lens distortion to an ideal normalised image point (x/z, y/z).</summary>
    public (double X, double Y) Distort(double x, double y)
    {
        double k1 = K1, k2 = K2, p1 = P1, p2 = P2, k3 = K3;
        var r2 = (x * x) + (y * y);
        var radial = 1 + (r2 * (k1 + (r2 * (k2 + (r2 * k3)))));
        return ((x * radial) + (2 * p1 * x * y) + (p2 * (r2 + (2 * x * x))),
                (y * radial) + (p1 * (r2 + (2 * y * y))) + (2 * p2 * x * y));
    }

    /// <summary>
    /// Inverts <see cref="Distort"/>: the ideal normalised point whose distorted image is (<paramref name="xd"/>,
    /// <paramref name="yd"/>). Newton's method on the exact model, converged to about 1e-14 (OpenCV's
    /// undistortPoints stops after a few fixed-point steps, which leaves hundredths of a pixel near the corners of a
    /// strongly distorted image). Allocates nothing.
    /// </summary>
    public (double X, double Y) Undistort(double xd, double yd)
    {
        double k1 = K1, k2 = K2, p1 = P1, p2 = P2, k3 = K3;
        double x = xd, y = yd;
        for (var step = 0; step < MaxNewtonSteps; step++)
        {
            var r2 = (x * x) + (y * y);
            var radial = 1 + (r2 * (k1 + (r2 * (k2 + (r2 * k3)))));
            var dRadial = k1 + (r2 * ((2 * k2) + (3 * k3 * r2))); // d radial / d r²
            var ex = (x * radial) + (2 * p1 * x * y) + (p2 * (r2 + (2 * x * x))) - xd;
            var ey = (y * radial) + (p1 * (r2 + (2 * y * y))) + (2 * p2 * x * y) - yd;
            var jxx = radial + (2 * x * x * dRadial) + (2 * p1 * y) + (6 * p2 * x);
            var jxy = (2 * x * y * dRadial) + (2 * p1 * x) + (2 * p2 * y); // the Jacobian is symmetric
            var jyy = radial + (2 * y * y * dRadial) + (6 * p1 * y) + (2 * p2 * x);
            var det = (jxx * jyy) - (jxy * jxy);
            if (det == 0)
            {
                break;
            }

            var dx = ((jyy * ex) - (jxy * ey)) / det;
            var dy = ((jxx * ey) - (jxy * ex)) / det;
            x -= dx;
            y -= dy;
            if (Math.Abs(dx) + Math.Abs(dy) < 1e-14)
            {
                break;
            }
        }

        return (x, y);
    }

    /// <summary>Projects a point in camera coordinates (millimetres, z forward) to a pixel, with distortion.</summary>
    public (double X, double Y) Project(double x, double y, double z)
    {
        var (dx, dy) = Distort(x / z, y / z);
        return ((Fx * dx) + Cx, (Fy * dy) + Cy);
    }

    /// <summary>The ideal normalised ray (x/z, y/z) of a pixel of the distorted image.</summary>
    public (double X, double Y) PixelToNormalized(double u, double v) => Undistort((u - Cx) / Fx, (v - Cy) / Fy);

    /// <summary>The camera with the same intrinsics and no distortion.</summary>
    public CameraModel WithoutDistortion() => Pinhole(Width, Height, Fx, Fy, Cx, Cy);

    /// <inheritdoc/>
    public bool Equals(CameraModel? other) =>
        other is not null && Width == other.Width && Height == other.Height && Fx.Equals(other.Fx) && Fy.Equals(other.Fy)
        && Cx.Equals(other.Cx) && Cy.Equals(other.Cy) && DistortionVector().AsSpan().SequenceEqual(other.DistortionVector());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Width, Height, Fx, Fy, Cx, Cy, K1, K2);

    private double Coefficient(int index) => Distortion is not null && index < Distortion.Length ? Distortion[index] : 0;
}
