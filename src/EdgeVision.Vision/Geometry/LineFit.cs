using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// Fits straight lines to edge points: total least squares (the principal axis of the points' covariance, which
/// minimises perpendicular rather than vertical distances) and a seeded RANSAC variant that ignores outliers. Keeps no
/// state and allocates nothing: inlier sets are recomputed from the model they belong to instead of stored.
/// </summary>
public static class LineFit
{
    /// <summary>Refits on the inliers of the last fit at most this often; they settle in two or three rounds.</summary>
    private const int RefineRounds = 4;

    /// <summary>Fits a line to all <paramref name="points"/> by total least squares; false for fewer than 2 distinct points.</summary>
    public static bool TryFit(ReadOnlySpan<Point2d> points, out FittedLine line) =>
        TryFitGated(points, default, double.PositiveInfinity, out line);

    /// <summary>
    /// Fits a line robustly: <paramref name="iterations"/> candidate lines through two points drawn with
    /// <paramref name="seed"/> are scored by their points within <paramref name="inlierDistance"/> px (truncated squared
    /// distances, so closer inliers count more), and the best one's inliers are refitted by total least squares until
    /// they no longer change. False when fewer than 2 points agree.
    /// </summary>
    public static bool TryFit(ReadOnlySpan<Point2d> points, double inlierDistance, int iterations, int seed, out FittedLine line) =>
        TryFit(points, inlierDistance, iterations, seed, [], out line);

    /// <summary>Like the robust <see cref="TryFit(ReadOnlySpan{Point2d}, double, int, int, out FittedLine)"/>, also marking in <paramref name="inliers"/> (when not empty, one flag per point) the points within <paramref name="inlierDistance"/> of the result.</summary>
    public static bool TryFit(ReadOnlySpan<Point2d> points, double inlierDistance, int iterations, int seed, Span<bool> inliers, out FittedLine line)
    {
        if (!(inlierDistance > 0) || iterations < 1)
        {
            ThrowHelper.ThrowArgument("RANSAC needs a positive inlier distance and at least one iteration.", nameof(inlierDistance));
        }

        if (!inliers.IsEmpty && inliers.Length != points.Length)
        {
            ThrowHelper.ThrowArgument("The inlier flags need one entry per point.", nameof(inliers));
        }

        line = default;
        var n = points.Length;
        if (n < 2)
        {
            return false;
        }

        var sampler = new SeededSampler(seed);
        var t2 = inlierDistance * inlierDistance;
        var bestScore = double.MaxValue;
        FittedLine best = default;
        for (var it = 0; it < iterations; it++)
        {
            var (a, b) = sampler.NextPair(n);
            Point2d p = points[a], q = points[b];
            double dx = q.X - p.X, dy = q.Y - p.Y, length = Math.Sqrt((dx * dx) + (dy * dy));
            if (!(length > 1e-12))
            {
                continue;
            }

            var candidate = new FittedLine(p.X, p.Y, dx / length, dy / length, 0, 0);
            var score = 0.0;
            for (var i = 0; i < n && score < bestScore; i++)
            {
                var d = candidate.SignedDistance(points[i]);
                score += Math.Min(d * d, t2);
            }

            if (score < bestScore)
            {
                (bestScore, best) = (score, candidate);
            }
        }

        if (bestScore == double.MaxValue || !TryFitGated(points, best, inlierDistance, out line))
        {
            return false;
        }

        for (var round = 0; round < RefineRounds; round++)
        {
            if (!TryFitGated(points, line, inlierDistance, out var refined))
            {
                break;
            }

            var settled = refined.Inliers == line.Inliers;
            line = refined;
            if (settled)
            {
                break;
            }
        }

        for (var i = 0; i < inliers.Length; i++)
        {
            inliers[i] = Math.Abs(line.SignedDistance(points[i])) <= inlierDistance;
        }

        return true;
    }

    /// <summary>Total least squares over the points within <paramref name="gateDistance"/> of <paramref name="gate"/> (all of them when it is infinite).</summary>
    private static bool TryFitGated(ReadOnlySpan<Point2d> points, in FittedLine gate, double gateDistance, out FittedLine line)
    {
        line = default;
        var all = double.IsPositiveInfinity(gateDistance);
        int count = 0, first = -1, last = -1;
        double mx = 0, my = 0;
        for (var i = 0; i < points.Length; i++)
        {
            if (all || Math.Abs(gate.SignedDistance(points[i])) <= gateDistance)
            {
                mx += points[i].X;
                my += points[i].Y;
                count++;
                first = first < 0 ? i : first;
                last = i;
            }
        }

        if (count < 2)
        {
            return false;
        }

        mx /= count;
        my /= count;
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = first; i <= last; i++)
        {
            if (all || Math.Abs(gate.SignedDistance(points[i])) <= gateDistance)
            {
                double dx = points[i].X - mx, dy = points[i].Y - my;
                sxx += dx * dx;
                sxy += dx * dy;
                syy += dy * dy;
            }
        }

        if (!(sxx + syy > 1e-18))
        {
            return false;
        }

        // Principal axis of the 2×2 scatter matrix; orient it from the first point used toward the last.
        var angle = 0.5 * Math.Atan2(2 * sxy, sxx - syy);
        double ux = Math.Cos(angle), uy = Math.Sin(angle);
        if (((points[last].X - points[first].X) * ux) + ((points[last].Y - points[first].Y) * uy) < 0)
        {
            (ux, uy) = (-ux, -uy);
        }

        var fit = new FittedLine(mx, my, ux, uy, 0, count);
        var squares = 0.0;
        for (var i = first; i <= last; i++)
        {
            if (all || Math.Abs(gate.SignedDistance(points[i])) <= gateDistance)
            {
                var d = fit.SignedDistance(points[i]);
                squares += d * d;
            }
        }

        line = fit with { Rms = Math.Sqrt(squares / count) };
        return true;
    }
}
