using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Measurement;

/// <summary>
/// Draws straight edges and stripes with exact area coverage: each pixel square (x ± ½, y ± ½) is clipped against the
/// bounding lines and its remaining area, found by the shoelace formula, blends the level in. CoverageShapes'
/// 8×8 supersampling quantises a straight edge's position to about 1/16 px, too coarse to check a caliper that
/// claims a few hundredths.
/// </summary>
internal static class EdgeImages
{
    /// <summary>
    /// Fills the half-plane of points p with n·(p − (x, y)) ≥ 0, n = (cos a, sin a) for <paramref name="normalDeg"/> a:
    /// the edge passes through (x, y) and <paramref name="level"/> lies on the side n points to.
    /// </summary>
    public static void FillHalfPlane(Mat image, double x, double y, double normalDeg, double level) =>
        FillStripe(image, x, y, normalDeg, 0, double.PositiveInfinity, level);

    /// <summary>
    /// Fills the stripe of points whose distance along the normal (cos a, sin a), a = <paramref name="normalDeg"/>,
    /// from (x, y) lies between <paramref name="from"/> and <paramref name="to"/>.
    /// </summary>
    public static void FillStripe(Mat image, double x, double y, double normalDeg, double from, double to, double level)
    {
        var a = normalDeg * Math.PI / 180;
        double nx = Math.Cos(a), ny = Math.Sin(a);
        int rows = image.Rows, cols = image.Cols;
        Span<Point2d> polygon = stackalloc Point2d[8];
        Span<Point2d> clipped = stackalloc Point2d[8];
        for (var py = 0; py < rows; py++)
        {
            for (var px = 0; px < cols; px++)
            {
                // Distance of the pixel centre along the normal; a pixel reaches at most √½ px from its centre.
                var d = (nx * (px - x)) + (ny * (py - y));
                if (d < from - 0.75 || d > to + 0.75)
                {
                    continue;
                }

                double coverage = 1;
                if (d < from + 0.75 || d > to - 0.75)
                {
                    polygon[0] = new Point2d(px - 0.5, py - 0.5);
                    polygon[1] = new Point2d(px + 0.5, py - 0.5);
                    polygon[2] = new Point2d(px + 0.5, py + 0.5);
                    polygon[3] = new Point2d(px - 0.5, py + 0.5);
                    var n = Clip(polygon[..4], clipped, nx, ny, (nx * x) + (ny * y) + from);
                    n = double.IsPositiveInfinity(to) ? n : Clip(clipped[..n], polygon, -nx, -ny, -((nx * x) + (ny * y) + to));
                    var result = double.IsPositiveInfinity(to) ? clipped[..n] : polygon[..n];
                    coverage = Area(result);
                }

                ref var v = ref image.At<byte>(py, px);
                v = (byte)Math.Round((v * (1 - coverage)) + (level * coverage));
            }
        }
    }

    /// <summary>Keeps the part of a convex polygon where nx·x + ny·y ≥ c (Sutherland–Hodgman against one line).</summary>
    private static int Clip(ReadOnlySpan<Point2d> input, Span<Point2d> output, double nx, double ny, double c)
    {
        var count = 0;
        for (var i = 0; i < input.Length; i++)
        {
            Point2d p = input[i], q = input[(i + 1) % input.Length];
            double fp = (nx * p.X) + (ny * p.Y) - c, fq = (nx * q.X) + (ny * q.Y) - c;
            if (fp >= 0)
            {
                output[count++] = p;
            }

            if ((fp >= 0) != (fq >= 0))
            {
                var t = fp / (fp - fq);
                output[count++] = new Point2d(p.X + (t * (q.X - p.X)), p.Y + (t * (q.Y - p.Y)));
            }
        }

        return count;
    }

    private static double Area(ReadOnlySpan<Point2d> polygon)
    {
        var twice = 0.0;
        for (var i = 0; i < polygon.Length; i++)
        {
            Point2d p = polygon[i], q = polygon[(i + 1) % polygon.Length];
            twice += (p.X * q.Y) - (q.X * p.Y);
        }

        return Math.Abs(twice) / 2;
    }
}
