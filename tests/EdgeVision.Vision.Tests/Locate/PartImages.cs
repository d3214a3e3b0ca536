using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Locate;

/// <summary>
/// Renders an asymmetric part (an L-shaped plate with a notch, three through holes and a darker label) at an exact pose
/// with exact area coverage: each pixel near an edge is supersampled 16×16 against the part's geometry, so every
/// rotation and sub-pixel shift is drawn as truly as the pixel grid allows.
/// </summary>
internal static class PartImages
{
    public const double Background = 60;
    public const double Plate = 190;
    public const double Label = 120;

    // The part in its own coordinates (u right, v down), the reference point at (0, 0); 140 × 100 overall.
    private static readonly Point2d[] Outline =
    [
        new(-70, -50), new(70, -50), new(70, -36), new(58, -36), new(58, -24), new(70, -24),
        new(70, -10), new(-30, -10), new(-30, 50), new(-70, 50),
    ];

    private static readonly (double U, double V, double R)[] Holes = [(-50, 30, 8), (20, -30, 7), (-50, -30, 5)];
    private const double LabelLeft = -25, LabelRight = 0, LabelTop = -44, LabelBottom = -16;
    private const int Samples = 16;

    /// <summary>Radius of a circle around the reference point that holds the whole part.</summary>
    public const double Reach = 87;

    /// <summary>A template image of the upright part, the reference point at its centre pixel ((cols−1)/2, (rows−1)/2).</summary>
    public static Mat Template(int cols = 180, int rows = 140) =>
        Render(cols, rows, new PartPose(true, (cols - 1) / 2.0, (rows - 1) / 2.0, 0, 0, 0, 0));

    /// <summary>An image of the part placed at <paramref name="pose"/> on the background.</summary>
    public static Mat Render(int cols, int rows, PartPose pose)
    {
        var image = new Mat(rows, cols, MatType.CV_8UC1, Scalar.All(Background));
        var x0 = Math.Max(0, (int)Math.Floor(pose.X - Reach - 2));
        var x1 = Math.Min(cols - 1, (int)Math.Ceiling(pose.X + Reach + 2));
        var y0 = Math.Max(0, (int)Math.Floor(pose.Y - Reach - 2));
        var y1 = Math.Min(rows - 1, (int)Math.Ceiling(pose.Y + Reach + 2));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var plate = Coverage(pose, x, y, PartDistance);
                var labelCoverage = plate > 0 ? Coverage(pose, x, y, LabelDistance) : 0;
                var value = Background + ((Plate - Background) * plate) + ((Label - Plate) * labelCoverage);
                image.Set(y, x, (byte)Math.Round(value));
            }
        }

        return image;
    }

    private static double Coverage(PartPose pose, double x, double y, Func<double, double, double> distance)
    {
        var (u, v) = pose.ToPart(x, y);
        var d = distance(u, v);
        if (d >= 0.75)
        {
            return 1;
        }

        if (d <= -0.75)
        {
            return 0;
        }

        var inside = 0;
        for (var j = 0; j < Samples; j++)
        {
            for (var i = 0; i < Samples; i++)
            {
                var (su, sv) = pose.ToPart(x - 0.5 + ((i + 0.5) / Samples), y - 0.5 + ((j + 0.5) / Samples));
                if (distance(su, sv) >= 0)
                {
                    inside++;
                }
            }
        }

        return inside / (double)(Samples * Samples);
    }

    /// <summary>Signed distance (positive inside) to the plate: inside the outline and outside every hole.</summary>
    private static double PartDistance(double u, double v)
    {
        var d = PolygonDistance(Outline, u, v);
        foreach (var (hu, hv, r) in Holes)
        {
            d = Math.Min(d, Math.Sqrt(((u - hu) * (u - hu)) + ((v - hv) * (v - hv))) - r);
        }

        return d;
    }

    private static double LabelDistance(double u, double v) =>
        Math.Min(Math.Min(u - LabelLeft, LabelRight - u), Math.Min(v - LabelTop, LabelBottom - v));

    private static double PolygonDistance(Point2d[] polygon, double u, double v)
    {
        var nearest = double.MaxValue;
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            Point2d a = polygon[j], b = polygon[i];
            double ex = b.X - a.X, ey = b.Y - a.Y;
            var t = Math.Clamp((((u - a.X) * ex) + ((v - a.Y) * ey)) / ((ex * ex) + (ey * ey)), 0, 1);
            double px = a.X + (t * ex) - u, py = a.Y + (t * ey) - v;
            nearest = Math.Min(nearest, Math.Sqrt((px * px) + (py * py)));
            if ((a.Y > v) != (b.Y > v) && u < a.X + ((v - a.Y) * ex / ey))
            {
                inside = !inside;
            }
        }

        return inside ? nearest : -nearest;
    }
}
