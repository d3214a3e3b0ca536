using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// A rotated rectangular region of interest in image pixels: centre, extent along its own axes and rotation.
/// Local coordinates (u along <see cref="Length"/>, v along <see cref="Width"/>, origin at the centre) map to the
/// image by rotating by <see cref="AngleDeg"/> (image y points down, so positive angles turn clockwise on screen)
/// and translating to the centre, the same convention as <see cref="Measurement.PartPose"/>.
/// Pixel (x, y) has its centre at integer (x, y), as in OpenCV.
/// </summary>
public readonly record struct RotatedRoi(double X, double Y, double Length, double Width, double AngleDeg)
{
    /// <summary>Unit vector of the u axis in image coordinates.</summary>
    public (double Dx, double Dy) AxisU
    {
        get
        {
            var a = AngleDeg * Math.PI / 180;
            return (Math.Cos(a), Math.Sin(a));
        }
    }

    /// <summary>Maps local (u, v) to image pixels.</summary>
    public (double X, double Y) ToImage(double u, double v)
    {
        var (c, s) = AxisU;
        return (X + (u * c) - (v * s), Y + (u * s) + (v * c));
    }

    /// <summary>Maps an image pixel to local (u, v).</summary>
    public (double U, double V) ToLocal(double x, double y)
    {
        var (c, s) = AxisU;
        double dx = x - X, dy = y - Y;
        return ((dx * c) + (dy * s), (-dx * s) + (dy * c));
    }

    /// <summary>True when the image point lies inside the rectangle (edges included).</summary>
    public bool Contains(double x, double y)
    {
        var (u, v) = ToLocal(x, y);
        return Math.Abs(u) <= Length / 2 && Math.Abs(v) <= Width / 2;
    }

    /// <summary>Writes the four corners (−u−v, +u−v, +u+v, −u+v) into <paramref name="corners"/>.</summary>
    public void Corners(Span<Point2d> corners)
    {
        if (corners.Length < 4)
        {
            ThrowHelper.ThrowArgument("Room for 4 corners is needed.", nameof(corners));
        }

        double hl = Length / 2, hw = Width / 2;
        var (x0, y0) = ToImage(-hl, -hw);
        var (x1, y1) = ToImage(hl, -hw);
        var (x2, y2) = ToImage(hl, hw);
        var (x3, y3) = ToImage(-hl, hw);
        corners[0] = new Point2d(x0, y0);
        corners[1] = new Point2d(x1, y1);
        corners[2] = new Point2d(x2, y2);
        corners[3] = new Point2d(x3, y3);
    }

    /// <summary>The smallest pixel rectangle holding the region, clipped to an image of <paramref name="cols"/>×<paramref name="rows"/> (may be empty).</summary>
    public Rect BoundingRect(int cols, int rows)
    {
        Span<Point2d> c = stackalloc Point2d[4];
        Corners(c);
        double x0 = c[0].X, x1 = c[0].X, y0 = c[0].Y, y1 = c[0].Y;
        for (var i = 1; i < 4; i++)
        {
            x0 = Math.Min(x0, c[i].X);
            x1 = Math.Max(x1, c[i].X);
            y0 = Math.Min(y0, c[i].Y);
            y1 = Math.Max(y1, c[i].Y);
        }

        var left = Math.Clamp((int)Math.Floor(x0), 0, cols);
        var top = Math.Clamp((int)Math.Floor(y0), 0, rows);
        var right = Math.Clamp((int)Math.Ceiling(x1) + 1, 0, cols);
        var bottom = Math.Clamp((int)Math.Ceiling(y1) + 1, 0, rows);
        return new Rect(left, top, right - left, bottom - top);
    }

    /// <summary>This region moved with a part: its centre and angle are read as part coordinates of <paramref name="pose"/>.</summary>
    public RotatedRoi PlacedBy(in Measurement.PartPose pose)
    {
        var (x, y) = pose.ToImage(X, Y);
        return this with { X = x, Y = y, AngleDeg = AngleDeg + pose.AngleDeg };
    }
}
