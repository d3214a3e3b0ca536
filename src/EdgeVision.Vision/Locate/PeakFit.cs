using OpenCvSharp;

namespace EdgeVision.Vision.Locate;

/// <summary>Sub-sample peak positions from sampled scores: a parabola through three samples, a quadratic over 3×3.</summary>
internal static class PeakFit
{
    /// <summary>
    /// Vertex of the parabola through (−1, <paramref name="left"/>), (0, <paramref name="centre"/>),
    /// (1, <paramref name="right"/>): its offset (clamped to ±1) and its value. A centre that is no maximum gives 0.
    /// </summary>
    public static (double Offset, double Value) Parabola(double left, double centre, double right)
    {
        var curvature = left - (2 * centre) + right;
        if (curvature >= 0)
        {
            return (0, centre);
        }

        var offset = Math.Clamp((left - right) / (2 * curvature), -1, 1);
        return (offset, centre - (0.25 * (left - right) * offset));
    }

    /// <summary>
    /// Least-squares quadratic f = a + bx + cy + dx² + exy + fy² over the 3×3 samples of a CV_32F map around
    /// <paramref name="peak"/>; returns the offset of its maximum (clamped to ±1) and the value there. At the map's
    /// border, or when the surface is no maximum, falls back to a parabola per axis.
    /// </summary>
    public static (double Dx, double Dy, double Value) Quadratic3x3(Mat map, Point peak, int cols, int rows)
    {
        int x = peak.X, y = peak.Y;
        var centre = (double)map.At<float>(y, x);
        if (x <= 0 || y <= 0 || x >= cols - 1 || y >= rows - 1)
        {
            var (ox, vx) = x > 0 && x < cols - 1 ? Parabola(map.At<float>(y, x - 1), centre, map.At<float>(y, x + 1)) : (0, centre);
            var (oy, vy) = y > 0 && y < rows - 1 ? Parabola(map.At<float>(y - 1, x), centre, map.At<float>(y + 1, x)) : (0, centre);
            return (ox, oy, Math.Max(vx, vy));
        }

        double sum = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var j = -1; j <= 1; j++)
        {
            for (var i = -1; i <= 1; i++)
            {
                double v = map.At<float>(y + j, x + i);
                sum += v;
                sx += i * v;
                sy += j * v;
                sxx += i * i * v;
                syy += j * j * v;
                sxy += i * j * v;
            }
        }

        // Normal equations on the 3×3 grid: b = Σxf/6, c = Σyf/6, e = Σxyf/4, d = Σx²f/2 − Σf/3, f = Σy²f/2 − Σf/3.
        double b = sx / 6, c = sy / 6, e = sxy / 4, d = (sxx / 2) - (sum / 3), f = (syy / 2) - (sum / 3);
        var a = (sum - (6 * d) - (6 * f)) / 9;
        var det = (4 * d * f) - (e * e);
        if (d >= 0 || f >= 0 || det <= 0)
        {
            var (ox, vx) = Parabola(map.At<float>(y, x - 1), centre, map.At<float>(y, x + 1));
            var (oy, vy) = Parabola(map.At<float>(y - 1, x), centre, map.At<float>(y + 1, x));
            return (ox, oy, Math.Max(vx, vy));
        }

        var dx = Math.Clamp(((-b * 2 * f) + (c * e)) / det, -1, 1);
        var dy = Math.Clamp(((-c * 2 * d) + (b * e)) / det, -1, 1);
        var value = a + (b * dx) + (c * dy) + (d * dx * dx) + (e * dx * dy) + (f * dy * dy);
        return (dx, dy, value);
    }
}
