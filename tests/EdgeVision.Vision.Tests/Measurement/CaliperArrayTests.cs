using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Measurement;

public sealed class CaliperArrayTests(ITestOutputHelper output)
{
    private const double Dark = 50;
    private const double Light = 200;

    [Fact]
    public void Calipers_along_a_nominal_segment_and_a_line_fit_recover_a_straight_edge()
    {
        var random = new Random(808);
        using var caliper = new Caliper();
        using var gray = new Mat(120, 120, MatType.CV_8UC1);
        Span<Point2d> points = stackalloc Point2d[16];
        double worstAngle = 0, worstOffset = 0;

        for (var trial = 0; trial < 20; trial++)
        {
            // The edge runs along direction a through (ex, ey); its normal (−sin a, cos a) points to the light side.
            var a = random.NextDouble() * 2 * Math.PI;
            double dx = Math.Cos(a), dy = Math.Sin(a), ex = 60 + random.NextDouble() - 0.5, ey = 60 + random.NextDouble() - 0.5;
            gray.SetTo(Scalar.All(Dark));
            EdgeImages.FillHalfPlane(gray, ex, ey, (a * 180 / Math.PI) + 90, Light);
            GaussianNoise.Add(gray, random, 2);

            // The nominal segment is 2° and up to 1.5 px off the true edge.
            var b = a + (2 * Math.PI / 180);
            var shift = 3 * (random.NextDouble() - 0.5);
            var mid = new Point2d(ex - (shift * dy), ey + (shift * dx));
            var start = new Point2d(mid.X - (40 * Math.Cos(b)), mid.Y - (40 * Math.Sin(b)));
            var end = new Point2d(mid.X + (40 * Math.Cos(b)), mid.Y + (40 * Math.Sin(b)));
            var search = new EdgeSearch(15, 4, EdgePolarity.DarkToLight, 30);

            Assert.Equal(16, CaliperArray.AlongSegment(caliper, gray, start, end, 16, search, points));
            Assert.Equal(0, CaliperArray.AlongSegment(caliper, gray, start, end, 16, search with { Polarity = EdgePolarity.LightToDark }, points));
            Assert.True(LineFit.TryFit(points, out var line));

            var truth = new FittedLine(ex, ey, dx, dy, 0, 0);
            var angle = GeometryMath.AngleBetweenDeg(line, truth);
            var offset = Math.Max(Math.Abs(truth.SignedDistance(line.PointAt(-40))), Math.Abs(truth.SignedDistance(line.PointAt(40))));
            worstAngle = Math.Max(worstAngle, angle);
            worstOffset = Math.Max(worstOffset, offset);
        }

        output.WriteLine($"segment calipers + line fit: worst angle {worstAngle:F4}°, worst offset at ±40 px {worstOffset:F4} px");
        Assert.True(worstAngle < 0.05, $"angle off by {worstAngle:F4}°");
        Assert.True(worstOffset < 0.05, $"line off by {worstOffset:F4} px");
    }

    [Fact]
    public void Radial_calipers_report_the_radius_offset_and_points_on_the_circle()
    {
        using var gray = new Mat(100, 100, MatType.CV_8UC1, Scalar.All(Light));
        CoverageShapes.FillDisc(gray, 50.3, 49.6, 30, Scalar.All(Dark));
        using var caliper = new Caliper();
        Span<EdgePoint> edges = stackalloc EdgePoint[36];
        var centre = new Point2d(50.3, 49.6);

        var n = CaliperArray.AroundCircle(caliper, gray, centre, 29, 36, new EdgeSearch(10, 3, EdgePolarity.DarkToLight, 30), edges);

        Assert.Equal(36, n);
        foreach (var e in edges)
        {
            // Walking outward from a dark hole into the light surface: dark to light, one pixel past the nominal radius.
            Assert.True(e.Strength > 0);
            Assert.Equal(1, e.Position, 1);
            Assert.Equal(30, GeometryMath.Distance(centre, e.Point), 1);
        }
    }

    [Fact]
    public void A_light_disc_seen_from_inside_has_only_light_to_dark_edges()
    {
        using var gray = new Mat(100, 100, MatType.CV_8UC1, Scalar.All(Dark));
        CoverageShapes.FillDisc(gray, 50, 50, 25, Scalar.All(Light));
        using var caliper = new Caliper();
        Span<Point2d> points = stackalloc Point2d[24];
        var centre = new Point2d(50, 50);

        Assert.Equal(0, CaliperArray.AroundCircle(caliper, gray, centre, 25, 24, new EdgeSearch(10, 3, EdgePolarity.DarkToLight, 30), points));
        Assert.Equal(24, CaliperArray.AroundCircle(caliper, gray, centre, 25, 24, new EdgeSearch(10, 3, EdgePolarity.LightToDark, 30), points));
    }

    [Fact]
    public void Calipers_that_find_no_edge_are_left_out_of_the_count()
    {
        // Only the right half of a hole: the calipers pointing left (angles 100° to 260°) see a flat surface.
        using var gray = new Mat(100, 100, MatType.CV_8UC1, Scalar.All(Light));
        CoverageShapes.FillDisc(gray, 50, 50, 20, Scalar.All(Dark));
        PlateImages.FillRotatedRect(gray, 25, 50, 0, 50, 100, Dark);
        using var caliper = new Caliper();
        Span<Point2d> points = stackalloc Point2d[36];

        var n = CaliperArray.AroundCircle(caliper, gray, new Point2d(50, 50), 20, 36, new EdgeSearch(8, 3, EdgePolarity.DarkToLight, 30), points);

        Assert.InRange(n, 16, 20);
        foreach (var p in points[..n])
        {
            Assert.True(p.X > 49, $"edge at {p}");
        }
    }
}
