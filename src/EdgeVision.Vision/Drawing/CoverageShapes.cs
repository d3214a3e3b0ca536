using OpenCvSharp;

namespace EdgeVision.Vision.Drawing;

/// <summary>
/// Draws filled discs and convex polygons with exact area coverage: every pixel gets the fraction of its square
/// (pixel (x, y) spans x ± 0.5, y ± 0.5) that the shape covers, found by 8×8 supersampling on the boundary.
/// OpenCV's anti-aliased drawing is about half a pixel too generous in radius, which is fine for overlays but not
/// for ground truth that measurements are checked against. Works on 8-bit images of 1 or 3 channels.
/// </summary>
public static class CoverageShapes
{
    private const int Samples = 8;

    /// <summary>Fills the disc of <paramref name="radius"/> around (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public static void FillDisc(Mat image, double cx, double cy, double radius, Scalar color)
    {
        var disc = new Disc(cx, cy, radius);
        Fill(image, cx - radius, cy - radius, cx + radius, cy + radius, ref disc, color);
    }

    /// <summary>Fills the convex quadrilateral with corners given in order (either winding).</summary>
    public static void FillConvexQuad(Mat image, ReadOnlySpan<Point2d> corners, Scalar color)
    {
        if (corners.Length != 4)
        {
            ThrowHelper.ThrowArgument("A quadrilateral has 4 corners.", nameof(corners));
        }

        var quad = new Quad(corners);
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        foreach (var p in corners)
        {
            x0 = Math.Min(x0, p.X);
            y0 = Math.Min(y0, p.Y);
            x1 = Math.Max(x1, p.X);
            y1 = Math.Max(y1, p.Y);
        }

        Fill(image, x0, y0, x1, y1, ref quad, color);
    }

    private static unsafe void Fill<TShape>(Mat image, double x0, double y0, double x1, double y1, ref TShape shape, Scalar color)
        where TShape : struct, IShape
    {
        ArgumentNullException.ThrowIfNull(image);
        int rows = image.Rows, cols = image.Cols, channels = image.Channels();
        var stride = image.Step();
        var data = (byte*)image.DataPointer;
        var left = Math.Max(0, (int)Math.Floor(x0) - 1);
        var right = Math.Min(cols - 1, (int)Math.Ceiling(x1) + 1);
        var top = Math.Max(0, (int)Math.Floor(y0) - 1);
        var bottom = Math.Min(rows - 1, (int)Math.Ceiling(y1) + 1);
        for (var y = top; y <= bottom; y++)
        {
            var row = new Span<byte>(data + (y * stride), cols * channels);
            for (var x = left; x <= right; x++)
            {
                var distance = shape.SignedDistance(x, y); // > 0 inside
                double coverage;
                if (distance >= 0.75)
                {
                    coverage = 1;
                }
                else if (distance <= -0.75)
                {
                    continue;
                }
                else
                {
                    var inside = 0;
                    for (var j = 0; j < Samples; j++)
                    {
                        var sy = y - 0.5 + ((j + 0.5) / Samples);
                        for (var i = 0; i < Samples; i++)
                        {
                            if (shape.SignedDistance(x - 0.5 + ((i + 0.5) / Samples), sy) >= 0)
                            {
                                inside++;
                            }
                        }
                    }

                    coverage = inside / (double)(Samples * Samples);
                }

                for (var c = 0; c < channels; c++)
                {
                    ref var v = ref row[(x * channels) + c];
                    v = (byte)Math.Round((v * (1 - coverage)) + (color[c] * coverage));
                }
            }
        }
    }

    private interface IShape
    {
        double SignedDistance(double x, double y);
    }

    private readonly struct Disc(double cx, double cy, double r) : IShape
    {
        public double SignedDistance(double x, double y)
        {
            double dx = x - cx, dy = y - cy;
            return r - Math.Sqrt((dx * dx) + (dy * dy));
        }
    }

    private readonly struct Quad : IShape
    {
        private readonly Point2d _a, _b, _c, _d;
        private readonly double _sign;

        public Quad(ReadOnlySpan<Point2d> p)
        {
            (_a, _b, _c, _d) = (p[0], p[1], p[2], p[3]);
            var cross = ((_b.X - _a.X) * (_c.Y - _a.Y)) - ((_b.Y - _a.Y) * (_c.X - _a.X));
            _sign = cross >= 0 ? 1 : -1;
        }

        public double SignedDistance(double x, double y) =>
            Math.Min(Math.Min(Edge(_a, _b, x, y), Edge(_b, _c, x, y)), Math.Min(Edge(_c, _d, x, y), Edge(_d, _a, x, y)));

        private double Edge(Point2d p, Point2d q, double x, double y)
        {
            double ex = q.X - p.X, ey = q.Y - p.Y;
            return _sign * ((ex * (y - p.Y)) - (ey * (x - p.X))) / Math.Sqrt((ex * ex) + (ey * ey));
        }
    }
}
