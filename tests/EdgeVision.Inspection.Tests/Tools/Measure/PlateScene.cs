using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Measure;

/// <summary>
/// A bright rectangular plate on a dark background at a known pose, with dark through holes and a slanted slot, all in
/// part coordinates (u along the plate's length, v across it, origin at its centre, the frame a blob fixture finds).
/// <code>
///   plate 360 × 220 px; holes at (−110, −30) Ø 40.0 and (110, −30) Ø 50.6; slot centred (0, 50), 120 × 24 px at 30°
/// </code>
/// </summary>
internal sealed record PlateScene(double X, double Y, double AngleDeg)
{
    public const int ImageWidth = 640;
    public const int ImageHeight = 480;
    public const double Background = 40;
    public const double Plate = 210;
    public const double PlateLength = 360;
    public const double PlateWidth = 220;
    public const double SlotAngleDeg = 30;

    public static readonly (double U, double V, double Diameter) LeftHole = (-110, -30, 40.0);
    public static readonly (double U, double V, double Diameter) RightHole = (110, -30, 50.6);
    public static readonly (double U, double V, double Length, double Width) Slot = (0, 50, 120, 24);

    /// <summary>A scene at a random pose: centre within ±20 px of the image centre, angle within ±25°.</summary>
    public static PlateScene Random(Random random) => new(
        (ImageWidth / 2.0) + (40 * (random.NextDouble() - 0.5)),
        (ImageHeight / 2.0) + (40 * (random.NextDouble() - 0.5)),
        50 * (random.NextDouble() - 0.5));

    /// <summary>Maps part coordinates to image pixels.</summary>
    public Point2d ToImage(double u, double v)
    {
        var a = AngleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        return new Point2d(X + (u * c) - (v * s), Y + (u * s) + (v * c));
    }

    /// <summary>Draws the scene, with Gaussian noise of <paramref name="noise"/> gray levels.</summary>
    public Mat Render(Random random, double noise = 2, bool holes = true)
    {
        var image = new Mat(ImageHeight, ImageWidth, MatType.CV_8UC1, Scalar.All(Background));
        MeasureImages.FillPolygon(image, MeasureImages.Rectangle(X, Y, PlateLength, PlateWidth, AngleDeg), Plate);
        if (holes)
        {
            foreach (var (u, v, d) in (ReadOnlySpan<(double, double, double)>)[LeftHole, RightHole])
            {
                var c = ToImage(u, v);
                MeasureImages.FillDisc(image, c.X, c.Y, d / 2, Background);
            }
        }

        var slot = ToImage(Slot.U, Slot.V);
        MeasureImages.FillPolygon(image, MeasureImages.Rectangle(slot.X, slot.Y, Slot.Length, Slot.Width, AngleDeg + SlotAngleDeg), Background);
        if (noise > 0)
        {
            MeasureImages.AddNoise(image, random, noise);
        }

        return image;
    }

    /// <summary>
    /// The part-coordinate centre of the slot's upper long side (the side toward −v of the slot), where a line tool at
    /// the slot's angle finds it walking light to dark along +v.
    /// </summary>
    public static (double U, double V) SlotUpperEdge()
    {
        var a = SlotAngleDeg * Math.PI / 180;
        var half = Slot.Width / 2;
        return (Slot.U + (half * Math.Sin(a)), Slot.V - (half * Math.Cos(a)));
    }
}
