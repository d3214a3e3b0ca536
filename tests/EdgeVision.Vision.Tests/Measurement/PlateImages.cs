using EdgeVision.Vision.Drawing;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Measurement;

/// <summary>Draws bright rectangular plates and dark marks with exact coverage, from known geometry.</summary>
internal static class PlateImages
{
    public const double Background = 40;
    public const double Plate = 210;

    /// <summary>A dark image with a bright rectangle centred at (x, y), its long side turned by angle degrees.</summary>
    public static Mat Draw(int width, int height, double x, double y, double angleDeg, double length, double plateWidth)
    {
        var image = new Mat(height, width, MatType.CV_8UC1, Scalar.All(Background));
        FillRotatedRect(image, x, y, angleDeg, length, plateWidth, Plate);
        return image;
    }

    /// <summary>Fills a rotated rectangle; (x, y) is its centre, length lies along angle degrees (image y down).</summary>
    public static void FillRotatedRect(Mat image, double x, double y, double angleDeg, double length, double width, double level)
    {
        var a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a), hl = length / 2, hw = width / 2;
        ReadOnlySpan<Point2d> corners =
        [
            new(x - (hl * c) + (hw * s), y - (hl * s) - (hw * c)),
            new(x + (hl * c) + (hw * s), y + (hl * s) - (hw * c)),
            new(x + (hl * c) - (hw * s), y + (hl * s) + (hw * c)),
            new(x - (hl * c) - (hw * s), y - (hl * s) + (hw * c)),
        ];
        CoverageShapes.FillConvexQuad(image, corners, Scalar.All(level));
    }
}
