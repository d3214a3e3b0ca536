using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// A circle fitted to edge points: centre (<paramref name="X"/>, <paramref name="Y"/>) and <paramref name="Radius"/>
/// (px). <paramref name="Rms"/> is the root mean square radial distance of the <paramref name="Inliers"/> points used
/// from the circle and <paramref name="Roundness"/> the spread of their distances from the centre, largest minus
/// smallest (px): near 0 for a round part, about the difference of the semi-axes for an ellipse.
/// </summary>
public readonly record struct FittedCircle(double X, double Y, double Radius, double Rms, double Roundness, int Inliers)
{
    /// <summary>Twice the radius (px).</summary>
    public double Diameter => 2 * Radius;

    /// <summary>The centre as a point.</summary>
    public Point2d Centre => new(X, Y);

    /// <summary>Signed distance of <paramref name="point"/> from the circle, positive outside (px).</summary>
    public double SignedDistance(Point2d point)
    {
        double dx = point.X - X, dy = point.Y - Y;
        return Math.Sqrt((dx * dx) + (dy * dy)) - Radius;
    }
}
