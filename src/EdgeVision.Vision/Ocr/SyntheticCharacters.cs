using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// Prints characters and strings with OpenCV's Hershey fonts the way a camera would see them: rendered at 4× and
/// averaged down (so edges carry partial coverage), turned, slanted, defocused and noisy, all drawn from a seeded
/// generator. Used to make training and test sets, to print serial numbers on synthetic parts, and to write sample
/// folders. Not for the per-frame path: it allocates.
/// </summary>
public static class SyntheticCharacters
{
    private const int Supersampling = 4;

    /// <summary>The digits 0–9 and the capitals A–Z, one label each.</summary>
    public static IReadOnlyList<string> DigitsAndLetters { get; } = MakeDigitsAndLetters();

    /// <summary>Renders <paramref name="text"/> on its own background with a margin of half a character height; the caller disposes the image.</summary>
    public static Mat Render(string text, in SyntheticTextStyle style, Random random)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentNullException.ThrowIfNull(random);
        var (width, height) = Extent(text, style);
        var margin = (int)Math.Ceiling(style.Height / 2) + 2;
        var cols = (int)Math.Ceiling(width) + (2 * margin);
        var rows = (int)Math.Ceiling(height) + (2 * margin);
        var image = new Mat(rows, cols, MatType.CV_8UC1, Scalar.All(style.Background));
        Draw(image, text, new Point2d((cols - 1) / 2.0, (rows - 1) / 2.0), style);
        AddNoise(image, style.NoiseSigma, random);
        return image;
    }

    /// <summary>
    /// Prints <paramref name="text"/> into <paramref name="target"/> (8-bit gray) centred on <paramref name="centre"/>
    /// (pixel centres at integers), blending the ink over what is there; parts outside the image are cut off.
    /// The style's background and noise are not used.
    /// </summary>
    public static void Draw(Mat target, string text, Point2d centre, in SyntheticTextStyle style)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (target.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("Synthetic text is drawn into 8-bit gray images.", nameof(target));
        }

        using var mask = PrintUpright(text, style, out var inkCentre);

        // Forward map from mask to target, both in edge coordinates (pixel i spans i..i+1): turn and slant about the
        // ink's centre, shrink by the supersampling factor, move to the requested centre.
        var a = Math.PI * style.RotationDeg / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        double a00 = c / Supersampling, a01 = ((-c * style.Shear) - s) / Supersampling;
        double a10 = s / Supersampling, a11 = ((-s * style.Shear) + c) / Supersampling;
        double cx = centre.X + 0.5, cy = centre.Y + 0.5;
        int maskCols = mask.Cols, maskRows = mask.Rows;
        double x0 = double.MaxValue, y0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue;
        foreach (var (mx, my) in (ReadOnlySpan<(double, double)>)[(0, 0), (maskCols, 0), (0, maskRows), (maskCols, maskRows)])
        {
            double dx = mx - inkCentre.X, dy = my - inkCentre.Y;
            double tx = cx + (a00 * dx) + (a01 * dy), ty = cy + (a10 * dx) + (a11 * dy);
            (x0, y0, x1, y1) = (Math.Min(x0, tx), Math.Min(y0, ty), Math.Max(x1, tx), Math.Max(y1, ty));
        }

        var local = new Rect((int)Math.Floor(x0) - 1, (int)Math.Floor(y0) - 1, 0, 0);
        local.Width = (int)Math.Ceiling(x1) + 1 - local.X;
        local.Height = (int)Math.Ceiling(y1) + 1 - local.Y;

        // The same map at supersampled scale into the local window, for warpAffine's pixel-centre convention.
        double k = Supersampling;
        using var transform = new Mat(2, 3, MatType.CV_64FC1);
        transform.Set(0, 0, a00 * k);
        transform.Set(0, 1, a01 * k);
        transform.Set(0, 2, (k * (cx - local.X + (a00 * (0.5 - inkCentre.X)) + (a01 * (0.5 - inkCentre.Y)))) - 0.5);
        transform.Set(1, 0, a10 * k);
        transform.Set(1, 1, a11 * k);
        transform.Set(1, 2, (k * (cy - local.Y + (a10 * (0.5 - inkCentre.X)) + (a11 * (0.5 - inkCentre.Y)))) - 0.5);
        using var warped = new Mat();
        Cv2.WarpAffine(mask, warped, transform, new Size(local.Width * Supersampling, local.Height * Supersampling), InterpolationFlags.Linear, BorderTypes.Constant, Scalar.All(0));
        using var coverage = new Mat();
        Cv2.Resize(warped, coverage, new Size(local.Width, local.Height), 0, 0, InterpolationFlags.Area);
        if (style.BlurSigma > 0)
        {
            Cv2.GaussianBlur(coverage, coverage, new Size(0, 0), style.BlurSigma);
        }

        Blend(target, coverage, local, style.Ink);
    }

    /// <summary>
    /// Renders <paramref name="perLabel"/> images of each label with styles drawn from <paramref name="options"/>
    /// (the defaults when null) by a generator seeded with <paramref name="seed"/>; the same arguments give the same set.
    /// </summary>
    public static LabelledSampleSet Generate(IReadOnlyList<string> labels, int perLabel, int seed, SyntheticCharacterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(perLabel);
        options ??= SyntheticCharacterOptions.Default;
        var random = new Random(seed);
        var samples = new List<(Mat Image, string Label)>(labels.Count * perLabel);
        try
        {
            for (var i = 0; i < perLabel; i++)
            {
                foreach (var label in labels)
                {
                    samples.Add((Render(label, options.NextStyle(random), random), label));
                }
            }
        }
        catch
        {
            foreach (var (image, _) in samples)
            {
                image.Dispose();
            }

            throw;
        }

        return new LabelledSampleSet(samples);
    }

    // Prints the text upright and white on black at the supersampled scale; returns the ink box's centre (edge coordinates).
    private static Mat PrintUpright(string text, in SyntheticTextStyle style, out Point2d inkCentre)
    {
        var (scale, thickness) = FontScale(style);
        var size = Cv2.GetTextSize(text, style.Font, scale, thickness, out var baseline);
        var pad = thickness + Supersampling;
        var mask = new Mat(size.Height + baseline + (2 * pad), size.Width + (2 * pad), MatType.CV_8UC1, Scalar.All(0));
        Cv2.PutText(mask, text, new Point(pad, pad + size.Height), style.Font, scale, Scalar.All(255), thickness, LineTypes.AntiAlias);
        inkCentre = new Point2d(pad + (size.Width / 2.0), pad + (size.Height / 2.0));
        return mask;
    }

    // Font scale that makes a digit Height pixels tall at the supersampled scale, and the stroke there.
    private static (double Scale, int Thickness) FontScale(in SyntheticTextStyle style)
    {
        if (!(style.Height >= 4) || !(style.Stroke > 0))
        {
            ThrowHelper.ThrowArgument($"A text height of at least 4 px and a positive stroke are needed, not {style.Height} and {style.Stroke}.", nameof(style));
        }

        var thickness = Math.Max(1, (int)Math.Round(style.Stroke * Supersampling));
        var unit = Cv2.GetTextSize("0", style.Font, 1.0, 1, out _).Height;
        return (style.Height * Supersampling / unit, thickness);
    }

    // The width and height (pixels) the text covers once turned and slanted, for sizing a rendered image.
    private static (double Width, double Height) Extent(string text, in SyntheticTextStyle style)
    {
        var (scale, thickness) = FontScale(style);
        var size = Cv2.GetTextSize(text, style.Font, scale, thickness, out var baseline);
        double w = size.Width / (double)Supersampling, h = (size.Height + baseline) / (double)Supersampling;
        w += Math.Abs(style.Shear) * h;
        var a = Math.PI * style.RotationDeg / 180;
        double c = Math.Abs(Math.Cos(a)), s = Math.Abs(Math.Sin(a));
        return ((w * c) + (h * s), (w * s) + (h * c));
    }

    // target = target + (ink − target) · coverage, over the part of the window inside the target.
    private static unsafe void Blend(Mat target, Mat coverage, Rect window, byte ink)
    {
        var clipped = window & new Rect(0, 0, target.Cols, target.Rows);
        if (clipped.Width <= 0 || clipped.Height <= 0)
        {
            return;
        }

        byte* t = (byte*)target.DataPointer, m = (byte*)coverage.DataPointer;
        long ts = target.Step(), ms = coverage.Step();
        for (var y = clipped.Top; y < clipped.Bottom; y++)
        {
            var trow = t + (y * ts);
            var mrow = m + ((y - window.Y) * ms);
            for (var x = clipped.Left; x < clipped.Right; x++)
            {
                var w = mrow[x - window.X] / 255.0;
                trow[x] = (byte)Math.Round(trow[x] + ((ink - trow[x]) * w));
            }
        }
    }

    private static unsafe void AddNoise(Mat image, double sigma, Random random)
    {
        if (sigma <= 0)
        {
            return;
        }

        int rows = image.Rows, cols = image.Cols;
        var data = (byte*)image.DataPointer;
        var step = image.Step();
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var n = sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                ref var p = ref data[(y * step) + x];
                p = (byte)Math.Clamp(Math.Round(p + n), 0, 255);
            }
        }
    }

    private static string[] MakeDigitsAndLetters()
    {
        var labels = new string[36];
        for (var i = 0; i < 10; i++)
        {
            labels[i] = ((char)('0' + i)).ToString();
        }

        for (var i = 0; i < 26; i++)
        {
            labels[10 + i] = ((char)('A' + i)).ToString();
        }

        return labels;
    }
}
