using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

/// <summary>
/// Test scenes of a part drawn upright in part coordinates (origin at the image centre, u right, v down), then
/// turned and moved into a frame as a blob fixture will find it: the plate's centre at (x, y), its long side at
/// angle degrees (image y down, the convention of <c>PartPose</c>).
/// </summary>
internal static class PartScenes
{
    public const int PlateLength = 440;
    public const int PlateWidth = 280;

    /// <summary>An upright plate of <paramref name="plate"/> filling the whole part image.</summary>
    public static Mat Plate(Scalar plate, MatType type) => new(PlateWidth, PlateLength, type, plate);

    /// <summary>The part-image rectangle of a w × h box centred at part coordinates (u, v), with whole-pixel corners.</summary>
    public static Rect At(Mat part, double u, double v, int w, int h) =>
        new((int)Math.Round(u + ((part.Cols - 1) / 2.0) - ((w - 1) / 2.0)), (int)Math.Round(v + ((part.Rows - 1) / 2.0) - ((h - 1) / 2.0)), w, h);

    /// <summary>Fills <paramref name="rect"/> of <paramref name="image"/> with <paramref name="value"/>.</summary>
    public static void Fill(Mat image, Rect rect, Scalar value)
    {
        using var view = image[rect];
        view.SetTo(value);
    }

    /// <summary>Copies <paramref name="symbol"/> into <paramref name="part"/> centred at part coordinates (u, v).</summary>
    public static void Paste(Mat part, Mat symbol, double u, double v)
    {
        using var target = part[At(part, u, v, symbol.Cols, symbol.Rows)];
        symbol.CopyTo(target);
    }

    /// <summary>The part turned by <paramref name="angleDeg"/> and centred at (x, y) on a frame of <paramref name="background"/>.</summary>
    public static Mat Place(Mat part, int width, int height, double x, double y, double angleDeg, Scalar background)
    {
        var a = angleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a), cu = (part.Cols - 1) / 2.0, cv = (part.Rows - 1) / 2.0;

        // Part pixel (i, j) → frame: x + (i − cu)·c − (j − cv)·s, y + (i − cu)·s + (j − cv)·c.
        using var transform = new Mat(2, 3, MatType.CV_64FC1);
        transform.Set(0, 0, c);
        transform.Set(0, 1, -s);
        transform.Set(0, 2, x - (cu * c) + (cv * s));
        transform.Set(1, 0, s);
        transform.Set(1, 1, c);
        transform.Set(1, 2, y - (cu * s) - (cv * c));
        var frame = new Mat();
        Cv2.WarpAffine(part, frame, transform, new Size(width, height), InterpolationFlags.Linear, BorderTypes.Constant, background);
        return frame;
    }

    /// <summary>Adds seeded Gaussian noise of <paramref name="sigma"/> gray levels to every channel of an 8-bit image.</summary>
    public static void AddNoise(Mat image, Random random, double sigma)
    {
        int rows = image.Rows, cols = image.Cols, channels = image.Channels();
        using var flat = new Mat(rows, cols * channels, MatType.CV_32FC1);
        var values = new float[rows * cols * channels];
        for (var i = 0; i < values.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        flat.SetArray(values);
        using var noise = flat.Reshape(channels);
        using var sum = new Mat();
        image.ConvertTo(sum, noise.Type());
        Cv2.Add(sum, noise, sum);
        sum.ConvertTo(image, image.Type());
    }
}
