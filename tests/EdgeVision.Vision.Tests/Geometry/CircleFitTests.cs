using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Geometry;

public sealed class CircleFitTests
{
    [Fact]
    public void Points_on_a_circle_give_its_centre_and_radius_exactly()
    {
        var points = Arc(new Random(1), 120.3, 80.7, 33.3, 0, 360, 40, noise: 0);

        Assert.True(CircleFit.TryFit(points, out var circle));

        Assert.Equal(120.3, circle.X, 9);
        Assert.Equal(80.7, circle.Y, 9);
        Assert.Equal(66.6, circle.Diameter, 9);
        Assert.Equal(0, circle.Rms, 9);
        Assert.Equal(0, circle.Roundness, 9);
        Assert.Equal(40, circle.Inliers);
    }

    [Fact]
    public void A_short_noisy_arc_is_not_shrunk_as_an_algebraic_fit_would_shrink_it()
    {
        var random = new Random(2);
        double sum = 0;
        const int Trials = 100;
        for (var trial = 0; trial < Trials; trial++)
        {
            var points = Arc(random, 200, 150, 80, random.NextDouble() * 360, 60, 60, noise: 0.5);

            Assert.True(CircleFit.TryFit(points, out var circle));

            sum += circle.Radius - 80;
            Assert.InRange(circle.Rms, 0.35, 0.65);
        }

        // On a 60° arc with 0.5 px noise the algebraic (Kåsa) fit alone comes out about 1.5 px small on average; the
        // geometric refinement leaves about 0.1 px.
        var bias = sum / Trials;
        Assert.True(Math.Abs(bias) < 0.4, $"mean radius error {bias:F3} px on a 60° arc");
    }

    [Fact]
    public void Roundness_of_an_ellipse_is_the_difference_of_its_semi_axes_and_near_zero_for_a_circle()
    {
        Span<Point2d> ellipse = stackalloc Point2d[180];
        Span<Point2d> circle = stackalloc Point2d[180];
        for (var i = 0; i < ellipse.Length; i++)
        {
            var a = 2 * Math.PI * i / ellipse.Length;
            ellipse[i] = new Point2d(100 + (51 * Math.Cos(a)), 100 + (49 * Math.Sin(a)));
            circle[i] = new Point2d(100 + (50 * Math.Cos(a)), 100 + (50 * Math.Sin(a)));
        }

        Assert.True(CircleFit.TryFit(ellipse, out var oval));
        Assert.True(CircleFit.TryFit(circle, out var round));

        Assert.Equal(2, oval.Roundness, 2);
        Assert.Equal(50, oval.Radius, 1);
        Assert.True(round.Roundness < 1e-9, $"roundness of a circle {round.Roundness}");
    }

    [Fact]
    public void Ransac_ignores_thirty_percent_outliers()
    {
        var random = new Random(3);
        var points = Arc(random, 64.2, 70.9, 25, 0, 360, 100, noise: 0.03);
        for (var i = 70; i < 100; i++)
        {
            // Burrs and dirt: points 2 to 10 px outside the circle.
            var a = random.NextDouble() * 2 * Math.PI;
            var r = 27 + (8 * random.NextDouble());
            points[i] = new Point2d(64.2 + (r * Math.Cos(a)), 70.9 + (r * Math.Sin(a)));
        }

        Span<bool> inliers = stackalloc bool[points.Length];
        Assert.True(CircleFit.TryFit(points, 0.5, 100, 7, inliers, out var circle));
        Assert.True(CircleFit.TryFit(points, out var plain));

        Assert.Equal(64.2, circle.X, 1);
        Assert.Equal(70.9, circle.Y, 1);
        Assert.True(Math.Abs(circle.Radius - 25) < 0.02, $"radius {circle.Radius:F4}");
        Assert.Equal(70, circle.Inliers);
        Assert.True(inliers[..70].IndexOf(false) < 0 && inliers[70..].IndexOf(true) < 0);
        Assert.True(plain.Radius - 25 > 1, $"plain fit radius {plain.Radius:F3} should be pulled out by the outliers");
    }

    [Fact]
    public void Points_on_a_line_make_no_circle()
    {
        ReadOnlySpan<Point2d> points = [new(0, 0), new(1, 1), new(2, 2), new(3, 3)];

        Assert.False(CircleFit.TryFit(points, out _));
        Assert.False(CircleFit.Circumcircle(points[0], points[1], points[2], out _));
        Assert.False(CircleFit.TryFit(points[..2], out _));
    }

    [Fact]
    public void Circumcircle_passes_through_its_three_points()
    {
        Assert.True(CircleFit.Circumcircle(new Point2d(0, 0), new Point2d(4, 0), new Point2d(0, 2), out var c));

        Assert.Equal(2, c.X, 12);
        Assert.Equal(1, c.Y, 12);
        Assert.Equal(Math.Sqrt(5), c.Radius, 12);
    }

    private static Point2d[] Arc(Random random, double x, double y, double r, double startDeg, double spanDeg, int count, double noise)
    {
        var points = new Point2d[count];
        for (var i = 0; i < count; i++)
        {
            var a = (startDeg + (spanDeg * i / count)) * Math.PI / 180;
            var rr = r + (noise * 2 * (random.NextDouble() - 0.5) * Math.Sqrt(3));
            points[i] = new Point2d(x + (rr * Math.Cos(a)), y + (rr * Math.Sin(a)));
        }

        return points;
    }
}
