using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Geometry;

public sealed class GeometryMathTests
{
    private static readonly FittedLine XAxis = Line(0, 0, 0);

    [Fact]
    public void Point_distances_match_hand_computed_values()
    {
        Assert.Equal(5, GeometryMath.Distance(new Point2d(1, 1), new Point2d(4, 5)), 12);
        Assert.Equal(4, GeometryMath.DistanceToLine(new Point2d(3, -4), XAxis), 12);

        // The normal of a line along +x is +y (down on screen): points below are on the positive side.
        Assert.Equal(4, XAxis.SignedDistance(3, 4), 12);
        Assert.Equal(-4, XAxis.SignedDistance(3, -4), 12);

        // The line y = x through the origin: (4, 0) lies 4/√2 from it, on the side away from its normal (−√½, √½).
        var diagonal = Line(0, 0, 45);
        Assert.Equal(-4 / Math.Sqrt(2), diagonal.SignedDistance(4, 0), 12);
        Assert.Equal(2, diagonal.Project(new Point2d(4, 0)).X, 12);
        Assert.Equal(2, diagonal.Project(new Point2d(4, 0)).Y, 12);
    }

    [Theory]
    [InlineData(10, 100, 90, 90)]
    [InlineData(10, 170, 20, 160)]
    [InlineData(170, 10, 20, -160)]
    [InlineData(0, 180, 0, 180)]
    [InlineData(-30, 30, 60, 60)]
    [InlineData(45, 45, 0, 0)]
    public void Angles_between_lines_match_hand_computed_values(double a, double b, double between, double directed)
    {
        Assert.Equal(between, GeometryMath.AngleBetweenDeg(Line(0, 0, a), Line(5, 5, b)), 9);
        Assert.Equal(directed, GeometryMath.DirectionAngleDeg(Line(0, 0, a), Line(5, 5, b)), 9);
    }

    [Fact]
    public void Two_lines_cross_where_both_equations_hold()
    {
        // y = x and y = 4 − x cross at (2, 2).
        Assert.True(GeometryMath.TryIntersect(Line(0, 0, 45), Line(0, 4, -45), out var p));
        Assert.Equal(2, p.X, 12);
        Assert.Equal(2, p.Y, 12);

        // A vertical line x = 3 crosses the x axis at (3, 0).
        Assert.True(GeometryMath.TryIntersect(XAxis, Line(3, 10, 90), out var q));
        Assert.Equal(3, q.X, 12);
        Assert.Equal(0, q.Y, 12);
    }

    [Fact]
    public void Parallel_lines_do_not_cross()
    {
        Assert.False(GeometryMath.TryIntersect(XAxis, Line(0, 5, 180), out _));
    }

    [Fact]
    public void Circle_distances_match_hand_computed_values()
    {
        var a = new FittedCircle(1, 1, 10, 0, 0, 0);
        var b = new FittedCircle(4, 5, 3, 0, 0, 0);

        Assert.Equal(5, GeometryMath.CentreDistance(a, b), 12);
        Assert.Equal(-5, GeometryMath.DistanceToCircle(new Point2d(4, 5), a), 12);
        Assert.Equal(2, GeometryMath.DistanceToCircle(new Point2d(1, 13), a), 12);
        Assert.Equal(5, GeometryMath.CentreToLine(b, XAxis), 12);
        Assert.Equal(20, a.Diameter);
    }

    private static FittedLine Line(double x, double y, double angleDeg)
    {
        var a = angleDeg * Math.PI / 180;
        return new FittedLine(x, y, Math.Cos(a), Math.Sin(a), 0, 0);
    }
}
