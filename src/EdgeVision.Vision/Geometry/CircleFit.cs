using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// Fits circles to edge points: an algebraic (Kåsa) fit for a start, then Gauss–Newton on the geometric distances, so
/// the result minimises the true radial distances even on a short arc; and a seeded RANSAC variant that ignores
/// outliers. Keeps no state and allocates nothing: inlier sets are recomputed from the model they belong to.
/// </summary>
public static class CircleFit
{
    private const int GeometricIterations = 20;
    private const int RefineRounds = 4;

    /// <summary>Fits a circle to all <paramref name="points"/>; false for fewer than 3 points or points on one line.</summary>
    public static bool TryFit(ReadOnlySpan<Point2d> points, out FittedCircle circle) =>
        TryFitGated(points, default, double.PositiveInfinity, out circle);

    /// <summary>
    /// Fits a circle robustly: <paramref name="iterations"/> circles through three points drawn with
    /// <paramref name="seed"/> are scored by their points within <paramref name="inlierDistance"/> px of the circle
    /// (truncated squared distances), and the best one's inliers are refitted until they no longer change. False when
    /// fewer than 3 points agree.
    /// </summary>
    public static bool TryFit(ReadOnlySpan<Point2d> points, double inlierDistance, int iterations, int seed, out FittedCircle circle) =>
        TryFit(points, inlierDistance, iterations, seed, [], out circle);

    /// <summary>Like the robust <see cref="TryFit(ReadOnlySpan{Point2d}, double, int, int, out FittedCircle)"/>, also marking in <paramref name="inliers"/> (when not empty, one flag per point) the points within <paramref name="inlierDistance"/> of the result.</summary>
    public static bool TryFit(ReadOnlySpan<Point2d> points, double inlierDistance, int iterations, int seed, Span<bool> inliers, out FittedCircle circle)
    {
        if (!(inlierDistance > 0) || iterations < 1)
        {
            ThrowHelper.ThrowArgument("RANSAC needs a positive inlier distance and at least one iteration.", nameof(inlierDistance));
        }

        if (!inliers.IsEmpty && inliers.Length != points.Length)
        {
            ThrowHelper.ThrowArgument("The inlier flags need one entry per point.", nameof(inliers));
        }

        circle = default;
        var n = points.Length;
        if (n < 3)
        {
            return false;
        }

        var sampler = new SeededSampler(seed);
        var t2 = inlierDistance * inlierDistance;
        var bestScore = double.MaxValue;
        FittedCircle best = default;
        for (var it = 0; it < iterations; it++)
        {
            var (a, b, c) = sampler.NextTriple(n);
            if (!Circumcircle(points[a], points[b], points[c], out var candidate))
            {
                continue;
            }

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

        if (bestScore == double.MaxValue || !TryFitGated(points, best, inlierDistance, out circle))
        {
            return false;
        }

        for (var round = 0; round < RefineRounds; round++)
        {
            if (!TryFitGated(points, circle, inlierDistance, out var refined))
            {
                break;
            }

            var settled = refined.Inliers == circle.Inliers;
            circle = refined;
            if (settled)
            {
                break;
            }
        }

        for (var i = 0; i < inliers.Length; i++)
        {
            inliers[i] = Math.Abs(circle.SignedDistance(points[i])) <= inlierDistance;
        }

        return true;
    }

    /// <summary>The circle through three points; false when they are (nearly) on one line.</summary>
    public static bool Circumcircle(Point2d a, Point2d b, Point2d c, out FittedCircle circle)
    {
        double bx = b.X - a.X, by = b.Y - a.Y, cx = c.X - a.X, cy = c.Y - a.Y;
        var d = 2 * ((bx * cy) - (by * cx));
        double b2 = (bx * bx) + (by * by), c2 = (cx * cx) + (cy * cy);
        if (!(Math.Abs(d) > 1e-9 * Math.Max(b2, c2)))
        {
            circle = default;
            return false;
        }

        double ux = ((cy * b2) - (by * c2)) / d, uy = ((bx * c2) - (cx * b2)) / d;
        circle = new FittedCircle(a.X + ux, a.Y + uy, Math.Sqrt((ux * ux) + (uy * uy)), 0, 0, 3);
        return true;
    }

    /// <summary>Fits the points within <paramref name="gateDistance"/> of <paramref name="gate"/> (all when it is infinite).</summary>
    private static bool TryFitGated(ReadOnlySpan<Point2d> points, in FittedCircle gate, double gateDistance, out FittedCircle circle)
    {
        circle = default;
        var all = double.IsPositiveInfinity(gateDistance);

        // Kåsa: least squares of x² + y² + D·x + E·y + F about the mean, where the sums of x and y vanish and F
        // separates from the 2×2 system for D and E.
        int count = 0;
        double mx = 0, my = 0;
        foreach (var p in points)
        {
            if (all || Math.Abs(gate.SignedDistance(p)) <= gateDistance)
            {
                mx += p.X;
                my += p.Y;
                count++;
            }
        }

        if (count < 3)
        {
            return false;
        }

        mx /= count;
        my /= count;
        double sxx = 0, sxy = 0, syy = 0, sxz = 0, syz = 0, sz = 0;
        foreach (var p in points)
        {
            if (all || Math.Abs(gate.SignedDistance(p)) <= gateDistance)
            {
                double x = p.X - mx, y = p.Y - my, z = (x * x) + (y * y);
                sxx += x * x;
                sxy += x * y;
                syy += y * y;
                sxz += x * z;
                syz += y * z;
                sz += z;
            }
        }

        var det = (sxx * syy) - (sxy * sxy);
        if (!(Math.Abs(det) > 1e-12 * (sxx + syy) * (sxx + syy)))
        {
            return false;
        }

        var dCoef = ((-sxz * syy) + (syz * sxy)) / det;
        var eCoef = ((-syz * sxx) + (sxz * sxy)) / det;
        var fCoef = -sz / count;
        double a = -dCoef / 2, b = -eCoef / 2, r = Math.Sqrt(Math.Max(0, (a * a) + (b * b) - fCoef));
        if (!Geometric(points, gate, gateDistance, mx, my, ref a, ref b, ref r))
        {
            return false;
        }

        double squares = 0, min = double.MaxValue, max = double.MinValue;
        foreach (var p in points)
        {
            if (all || Math.Abs(gate.SignedDistance(p)) <= gateDistance)
            {
                double dx = p.X - mx - a, dy = p.Y - my - b, d = Math.Sqrt((dx * dx) + (dy * dy));
                squares += (d - r) * (d - r);
                min = Math.Min(min, d);
                max = Math.Max(max, d);
            }
        }

        circle = new FittedCircle(mx + a, my + b, r, Math.Sqrt(squares / count), max - min, count);
        return true;
    }

    /// <summary>
    /// Gauss–Newton on the radial residuals |p − c| − r of the gated points, in coordinates about (mx, my), starting from
    /// (a, b, r). The normal equations are 3×3 and solved directly; false when they become singular.
    /// </summary>
    private static bool Geometric(ReadOnlySpan<Point2d> points, in FittedCircle gate, double gateDistance, double mx, double my, ref double a, ref double b, ref double r)
    {
        var all = double.IsPositiveInfinity(gateDistance);
        for (var it = 0; it < GeometricIterations; it++)
        {
            double jaa = 0, jab = 0, jar = 0, jbb = 0, jbr = 0, jrr = 0, ga = 0, gb = 0, gr = 0;
            foreach (var p in points)
            {
                if (!(all || Math.Abs(gate.SignedDistance(p)) <= gateDistance))
                {
                    continue;
                }

                double dx = p.X - mx - a, dy = p.Y - my - b, d = Math.Sqrt((dx * dx) + (dy * dy));
                if (d < 1e-12)
                {
                    continue;
                }

                // Residual d − r; its derivatives by (a, b, r) are (−dx/d, −dy/d, −1).
                double ja = -dx / d, jb = -dy / d, res = d - r;
                jaa += ja * ja;
                jab += ja * jb;
                jar -= ja;
                jbb += jb * jb;
                jbr -= jb;
                jrr += 1;
                ga -= ja * res;
                gb -= jb * res;
                gr += res;
            }

            // Solve [jaa jab jar; jab jbb jbr; jar jbr jrr]·δ = (ga, gb, gr) by Cramer's rule.
            var det = (jaa * ((jbb * jrr) - (jbr * jbr))) - (jab * ((jab * jrr) - (jbr * jar))) + (jar * ((jab * jbr) - (jbb * jar)));
            if (!(Math.Abs(det) > 1e-300))
            {
                return false;
            }

            var da = ((ga * ((jbb * jrr) - (jbr * jbr))) - (jab * ((gb * jrr) - (jbr * gr))) + (jar * ((gb * jbr) - (jbb * gr)))) / det;
            var db = ((jaa * ((gb * jrr) - (jbr * gr))) - (ga * ((jab * jrr) - (jbr * jar))) + (jar * ((jab * gr) - (gb * jar)))) / det;
            var dr = ((jaa * ((jbb * gr) - (gb * jbr))) - (jab * ((jab * gr) - (gb * jar))) + (ga * ((jab * jbr) - (jbb * jar)))) / det;
            a += da;
            b += db;
            r += dr;
            if (!double.IsFinite(a + b + r))
            {
                return false;
            }

            if ((da * da) + (db * db) + (dr * dr) < 1e-20 * (1 + (r * r)))
            {
                break;
            }
        }

        r = Math.Abs(r);
        return true;
    }
}
