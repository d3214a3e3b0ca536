using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Geometry;

public sealed class LineFitTests
{
    [Fact]
    public void Least_squares_fit_of_points_on_a_line_recovers_it_pointing_from_first_to_last()
    {
        Span<Point2d> points = stackalloc Point2d[20];
        for (var i = 0; i < points.Length; i++)
        {
            // Along the direction of −150°: (cos, sin) = (−0.866, −0.5).
            points[i] = new Point2d(10 - (i * 0.8660254037844387), 20 - (i * 0.5));
        }

        Assert.True(LineFit.TryFit(points, out var line));

        Assert.Equal(-150, line.AngleDeg, 9);
        Assert.Equal(0, line.Rms, 9);
        Assert.Equal(20, line.Inliers);
        Assert.Equal(0, line.SignedDistance(10, 20), 9);
        Assert.Equal(1, Math.Sqrt((line.Dx * line.Dx) + (line.Dy * line.Dy)), 12);
    }

    [Fact]
    public void A_vertical_line_fits_as_well_as_any_other()
    {
        ReadOnlySpan<Point2d> points = [new(5, 1), new(5.1, 2), new(4.9, 3), new(4.9, 4), new(5.1, 5)];

        Assert.True(LineFit.TryFit(points, out var line));

        Assert.Equal(90, line.AngleDeg, 9);
        Assert.Equal(5, line.X0, 9);
        Assert.Equal(3, line.Y0, 9);
        Assert.InRange(line.Rms, 0.05, 0.1);
    }

    [Fact]
    public void Fewer_than_two_distinct_points_do_not_make_a_line()
    {
        ReadOnlySpan<Point2d> one = [new(1, 2)];
        ReadOnlySpan<Point2d> same = [new(1, 2), new(1, 2), new(1, 2)];

        Assert.False(LineFit.TryFit(one, out _));
        Assert.False(LineFit.TryFit(same, out _));
        Assert.False(LineFit.TryFit(same, 1, 50, 1, out _));
    }

    [Fact]
    public void Ransac_rejects_thirty_percent_outliers_and_recovers_the_line_within_five_hundredths()
    {
        var random = new Random(314);
        Span<bool> inliers = stackalloc bool[100];
        for (var trial = 0; trial < 20; trial++)
        {
            var (points, truth) = LineWithOutliers(random, 70, 30);

            Assert.True(LineFit.TryFit(points, 0.5, 200, trial, inliers, out var line));
            Assert.True(LineFit.TryFit(points, out var plain));

            var angleError = GeometryMath.AngleBetweenDeg(line, truth);
            var offset = Math.Max(Math.Abs(line.SignedDistance(truth.PointAt(-50))), Math.Abs(line.SignedDistance(truth.PointAt(50))));
            Assert.True(angleError <= 0.05, $"trial {trial}: angle off by {angleError:F4}°");
            Assert.True(offset <= 0.05, $"trial {trial}: line off by {offset:F4} px at the ends");
            Assert.Equal(70, line.Inliers);
            Assert.InRange(line.Rms, 0.01, 0.04); // uniform ±0.05 px: 0.029 px RMS
            for (var i = 0; i < points.Length; i++)
            {
                Assert.Equal(i < 70, inliers[i]);
            }

            // Least squares over everything is pulled off by the outliers: the robust fit is what recovers the line.
            var plainOffset = Math.Max(Math.Abs(plain.SignedDistance(truth.PointAt(-50))), Math.Abs(plain.SignedDistance(truth.PointAt(50))));
            Assert.True(plainOffset > 0.5, $"trial {trial}: plain fit only {plainOffset:F3} px off");
        }
    }

    [Fact]
    public void Ransac_gives_the_same_line_for_the_same_seed()
    {
        var (points, _) = LineWithOutliers(new Random(9), 40, 20);

        Assert.True(LineFit.TryFit(points, 0.5, 30, 1234, out var a));
        Assert.True(LineFit.TryFit(points, 0.5, 30, 1234, out var b));

        Assert.Equal(a, b);
    }

    /// <summary>
    /// Inliers (the first <paramref name="inliers"/> points) lie within ±0.05 px of a random line through the image
    /// middle, along 100 px of it; outliers lie 2 to 30 px to one side of it, like spatter along an edge.
    /// </summary>
    internal static (Point2d[] Points, FittedLine Truth) LineWithOutliers(Random random, int inliers, int outliers)
    {
        var a = random.NextDouble() * 2 * Math.PI;
        var truth = new FittedLine(100 + random.NextDouble(), 80 + random.NextDouble(), Math.Cos(a), Math.Sin(a), 0, 0);
        var points = new Point2d[inliers + outliers];
        for (var i = 0; i < points.Length; i++)
        {
            var along = (random.NextDouble() - 0.5) * 100;
            var across = i < inliers
                ? (random.NextDouble() - 0.5) * 0.1
                : 2 + (28 * random.NextDouble());
            var p = truth.PointAt(along);
            points[i] = new Point2d(p.X + (across * truth.Normal.X), p.Y + (across * truth.Normal.Y));
        }

        return (points, truth);
    }
}
