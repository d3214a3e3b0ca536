using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// A straight line fitted to edge points: it passes through (<paramref name="X0"/>, <paramref name="Y0"/>) (the mean of
/// the points used) along the unit direction (<paramref name="Dx"/>, <paramref name="Dy"/>), which points from the
/// first point used toward the last. <paramref name="Rms"/> is the root mean square perpendicular distance of the
/// <paramref name="Inliers"/> points used (px).
/// </summary>
public readonly record struct FittedLine(double X0, double Y0, double Dx, double Dy, double Rms, int Inliers)
{
    /// <summary>Angle of the direction from +x in degrees, in (−180, 180]; image y points down, so positive turns clockwise on screen.</summary>
    public double AngleDeg => Math.Atan2(Dy, Dx) * 180 / Math.PI;

    /// <summary>The unit normal (−Dy, Dx): the direction turned 90° clockwise on screen.</summary>
    public Point2d Normal => new(-Dy, Dx);

    /// <summary>Signed perpendicular distance of (<paramref name="x"/>, <paramref name="y"/>), positive on the side <see cref="Normal"/> points to.</summary>
    public double SignedDistance(double x, double y) => ((y - Y0) * Dx) - ((x - X0) * Dy);

    /// <summary>Signed perpendicular distance of <paramref name="point"/>, positive on the side <see cref="Normal"/> points to.</summary>
    public double SignedDistance(Point2d point) => SignedDistance(point.X, point.Y);

    /// <summary>The point <paramref name="t"/> px along the direction from (X0, Y0).</summary>
    public Point2d PointAt(double t) => new(X0 + (t * Dx), Y0 + (t * Dy));

    /// <summary>The foot of the perpendicular from <paramref name="point"/> onto the line.</summary>
    public Point2d Project(Point2d point) => PointAt(((point.X - X0) * Dx) + ((point.Y - Y0) * Dy));
}
