using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// Distances and angles between measured features (points, fitted lines and circles), the quantities a recipe
/// checks against tolerances. Angles are in degrees; image y points down, so positive angles turn clockwise on screen.
/// </summary>
public static class GeometryMath
{
    /// <summary>Distance between two points (px).</summary>
    public static double Distance(Point2d a, Point2d b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>Perpendicular distance of <paramref name="point"/> from <paramref name="line"/> (px, never negative).</summary>
    public static double DistanceToLine(Point2d point, in FittedLine line) => Math.Abs(line.SignedDistance(point));

    /// <summary>Distance between the centres of two circles (px), e.g. the offset of a bore from its counterbore.</summary>
    public static double CentreDistance(in FittedCircle a, in FittedCircle b) => Distance(a.Centre, b.Centre);

    /// <summary>
    /// The angle between two lines taken as undirected, in [0, 90] degrees: 0 for parallel lines, 90 for
    /// perpendicular ones, whichever way each line's direction points.
    /// </summary>
    public static double AngleBetweenDeg(in FittedLine a, in FittedLine b)
    {
        var angle = Math.Abs(DirectionAngleDeg(a, b));
        return angle > 90 ? 180 - angle : angle;
    }

    /// <summary>
    /// The angle that turns the direction of <paramref name="a"/> onto that of <paramref name="b"/>, in (−180, 180]
    /// degrees, positive clockwise on screen. Use it when the directions mean something (e.g. both fitted along the
    /// same walking direction); otherwise use <see cref="AngleBetweenDeg"/>.
    /// </summary>
    public static double DirectionAngleDeg(in FittedLine a, in FittedLine b)
    {
        var cross = (a.Dx * b.Dy) - (a.Dy * b.Dx);
        var dot = (a.Dx * b.Dx) + (a.Dy * b.Dy);
        var angle = Math.Atan2(cross, dot) * 180 / Math.PI;
        return angle == -180 ? 180 : angle;
    }

    /// <summary>The point where two lines cross; false when they are parallel (their directions within 1e-9 rad).</summary>
    public static bool TryIntersect(in FittedLine a, in FittedLine b, out Point2d point)
    {
        var cross = (a.Dx * b.Dy) - (a.Dy * b.Dx);
        if (Math.Abs(cross) < 1e-9)
        {
            point = default;
            return false;
        }

        // a.P0 + t·a.D = b.P0 + s·b.D; crossing both sides with b.D gives t.
        var t = (((b.X0 - a.X0) * b.Dy) - ((b.Y0 - a.Y0) * b.Dx)) / cross;
        point = a.PointAt(t);
        return true;
    }

    /// <summary>Signed distance of <paramref name="point"/> from the circle, positive outside (px).</summary>
    public static double DistanceToCircle(Point2d point, in FittedCircle circle) => circle.SignedDistance(point);

    /// <summary>
    /// Distance from the centre of <paramref name="circle"/> to <paramref name="line"/> (px, never negative), e.g. the
    /// position of a hole from a datum edge.
    /// </summary>
    public static double CentreToLine(in FittedCircle circle, in FittedLine line) => DistanceToLine(circle.Centre, line);
}
