using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

/// <summary>
/// Draws convex polygons and discs with exact area coverage, so measured edges can be checked to a few hundredths of
/// a pixel. Pixel (x, y) covers the square x ± ½, y ± ½; its new level blends in the shape's level by the covered
/// fraction. Polygons: the square is clipped against each side (Sutherland–Hodgman) and the remainder's area taken by
/// the shoelace formula, as in the Vision tests' EdgeImages. Discs: the covered height of the square is integrated
/// across it in 256 columns, which leaves an error far below the 8-bit rounding.
/// </summary>
internal static class MeasureImages
{
    private const int Columns = 256;

    /// <summary>Fills the convex polygon with corners <paramref name="corners"/> (either winding).</summary>
    public static void FillPolygon(Mat image, ReadOnlySpan<Point2d> corners, double level)
    {
        var n = corners.Length;
        double twice = 0, x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        for (var i = 0; i < n; i++)
        {
            Point2d p = corners[i], q = corners[(i + 1) % n];
            twice += (p.X * q.Y) - (q.X * p.Y);
            (x0, y0, x1, y1) = (Math.Min(x0, p.X), Math.Min(y0, p.Y), Math.Max(x1, p.X), Math.Max(y1, p.Y));
        }

        // Inward unit normal and offset of each side: inside where nx·x + ny·y ≥ c.
        var sign = twice > 0 ? 1 : -1;
        Span<double> nx = stackalloc double[n], ny = stackalloc double[n], c = stackalloc double[n];
        for (var i = 0; i < n; i++)
        {
            Point2d p = corners[i], q = corners[(i + 1) % n];
            double dx = q.X - p.X, dy = q.Y - p.Y, length = Math.Sqrt((dx * dx) + (dy * dy));
            nx[i] = -sign * dy / length;
            ny[i] = sign * dx / length;
            c[i] = (nx[i] * p.X) + (ny[i] * p.Y);
        }

        Span<Point2d> a = stackalloc Point2d[n + 4];
        Span<Point2d> b = stackalloc Point2d[n + 4];
        int rows = image.Rows, cols = image.Cols;
        for (var py = Math.Max(0, (int)y0 - 1); py <= Math.Min(rows - 1, (int)y1 + 1); py++)
        {
            for (var px = Math.Max(0, (int)x0 - 1); px <= Math.Min(cols - 1, (int)x1 + 1); px++)
            {
                bool outside = false, inside = true;
                for (var i = 0; i < n; i++)
                {
                    var d = (nx[i] * px) + (ny[i] * py) - c[i];
                    outside |= d < -0.75;
                    inside &= d > 0.75;
                }

                if (outside)
                {
                    continue;
                }

                double coverage = 1;
                if (!inside)
                {
                    a[0] = new Point2d(px - 0.5, py - 0.5);
                    a[1] = new Point2d(px + 0.5, py - 0.5);
                    a[2] = new Point2d(px + 0.5, py + 0.5);
                    a[3] = new Point2d(px - 0.5, py + 0.5);
                    var count = 4;
                    for (var i = 0; i < n && count > 0; i++)
                    {
                        count = Clip(a[..count], b, nx[i], ny[i], c[i]);
                        b[..count].CopyTo(a);
                    }

                    coverage = Area(a[..count]);
                }

                Blend(image, px, py, coverage, level);
            }
        }
    }

    /// <summary>Fills the disc of <paramref name="radius"/> around (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public static void FillDisc(Mat image, double cx, double cy, double radius, double level)
    {
        int rows = image.Rows, cols = image.Cols;
        for (var py = Math.Max(0, (int)(cy - radius) - 1); py <= Math.Min(rows - 1, (int)(cy + radius) + 1); py++)
        {
            for (var px = Math.Max(0, (int)(cx - radius) - 1); px <= Math.Min(cols - 1, (int)(cx + radius) + 1); px++)
            {
                var d = Math.Sqrt(((px - cx) * (px - cx)) + ((py - cy) * (py - cy)));
                if (d > radius + 0.75)
                {
                    continue;
                }

                double coverage = 1;
                if (d > radius - 0.75)
                {
                    coverage = 0;
                    for (var k = 0; k < Columns; k++)
                    {
                        var x = px - 0.5 + ((k + 0.5) / Columns) - cx;
                        var h2 = (radius * radius) - (x * x);
                        if (h2 > 0)
                        {
                            var h = Math.Sqrt(h2);
                            var top = Math.Max(cy - h, py - 0.5);
                            var bottom = Math.Min(cy + h, py + 0.5);
                            coverage += Math.Max(0, bottom - top);
                        }
                    }

                    coverage /= Columns;
                }

                Blend(image, px, py, coverage, level);
            }
        }
    }

    /// <summary>An image of <paramref name="width"/> × <paramref name="height"/> filled with <paramref name="level"/>.</summary>
    public static Mat Field(int width, int height, double level) => new(height, width, MatType.CV_8UC1, Scalar.All(level));

    /// <summary>Fills the full-height vertical band between x = <paramref name="from"/> and x = <paramref name="to"/>.</summary>
    public static void FillBand(Mat image, double from, double to, double level) =>
        FillPolygon(image, [new(from, -5), new(to, -5), new(to, image.Rows + 5), new(from, image.Rows + 5)], level);

    /// <summary>The corners of a rectangle centred at (x, y), its length along <paramref name="angleDeg"/> (image y down).</summary>
    public static Point2d[] Rectangle(double x, double y, double length, double width, double angleDeg)
    {
        var a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a), hl = length / 2, hw = width / 2;
        return
        [
            new(x - (hl * c) + (hw * s), y - (hl * s) - (hw * c)),
            new(x + (hl * c) + (hw * s), y + (hl * s) - (hw * c)),
            new(x + (hl * c) - (hw * s), y + (hl * s) + (hw * c)),
            new(x - (hl * c) - (hw * s), y - (hl * s) + (hw * c)),
        ];
    }

    /// <summary>Adds Gaussian noise of <paramref name="sigma"/> gray levels from the seeded <paramref name="random"/>.</summary>
    public static void AddNoise(Mat gray, Random random, double sigma)
    {
        int rows = gray.Rows, cols = gray.Cols;
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var n = sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                gray.At<byte>(y, x) = (byte)Math.Clamp(Math.Round(gray.At<byte>(y, x) + n), 0, 255);
            }
        }
    }

    private static void Blend(Mat image, int x, int y, double coverage, double level)
    {
        ref var v = ref image.At<byte>(y, x);
        v = (byte)Math.Round((v * (1 - coverage)) + (level * coverage));
    }

    /// <summary>Keeps the part of a convex polygon where nx·x + ny·y ≥ c.</summary>
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
