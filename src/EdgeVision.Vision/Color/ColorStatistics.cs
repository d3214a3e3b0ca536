using OpenCvSharp;

namespace EdgeVision.Vision.Color;

/// <summary>
/// Mean CIELAB colour of a region and how much it varies: per-axis standard deviations and, on request, the mean and
/// largest ΔE00 of the pixels from the mean colour.
/// </summary>
/// <param name="PixelCount">Pixels that took part (inside the region and the mask); 0 means the other values are NaN.</param>
/// <param name="Mean">Mean of the pixels' CIELAB colours (each pixel converted in double precision, then averaged).</param>
/// <param name="StdDevL">Population standard deviation of L*.</param>
/// <param name="StdDevA">Population standard deviation of a*.</param>
/// <param name="StdDevB">Population standard deviation of b*.</param>
/// <param name="MeanDeltaE00">Mean ΔE00 of the pixels from <see cref="Mean"/>; NaN when not requested.</param>
/// <param name="MaxDeltaE00">Largest ΔE00 of a pixel from <see cref="Mean"/>; NaN when not requested.</param>
public readonly record struct ColorStats(
    int PixelCount,
    Lab Mean,
    double StdDevL,
    double StdDevA,
    double StdDevB,
    double MeanDeltaE00,
    double MaxDeltaE00);

/// <summary>
/// Colour statistics of an 8-bit BGR region in CIELAB (D65) for colour checks: each pixel goes through the sRGB
/// linearisation table and the XYZ matrix in double precision, so the mean is not limited by OpenCV's 8-bit Lab.
/// Allocation-free: rows are walked as spans over the image memory, no views or buffers are created.
/// </summary>
public static class ColorStatistics
{
    /// <summary>Statistics of the whole image, restricted to non-zero <paramref name="mask"/> pixels when a mask is given.</summary>
    public static ColorStats Measure(Mat bgr, Mat? mask = null, bool includeDeltaE00 = true)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        return Measure(bgr, new Rect(0, 0, bgr.Cols, bgr.Rows), mask, includeDeltaE00);
    }

    /// <summary>
    /// Statistics of <paramref name="region"/> of <paramref name="bgr"/> (8-bit, 3 channels, B, G, R). The optional
    /// <paramref name="mask"/> (8-bit, one channel) has the region's size; only its non-zero pixels count. The ΔE00
    /// spread needs a second pass with a CIEDE2000 evaluation per pixel (a few hundred nanoseconds each, against tens
    /// for the conversion); leave it off for large regions when the deviations suffice.
    /// </summary>
    public static unsafe ColorStats Measure(Mat bgr, Rect region, Mat? mask = null, bool includeDeltaE00 = true)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        int imageRows = bgr.Rows, imageCols = bgr.Cols;
        if (bgr.Type() != MatType.CV_8UC3)
        {
            ThrowHelper.ThrowArgument("Colour statistics need an 8-bit, 3-channel BGR image.", nameof(bgr));
        }

        if (region.X < 0 || region.Y < 0 || region.Width < 0 || region.Height < 0 || region.Right > imageCols || region.Bottom > imageRows)
        {
            ThrowHelper.ThrowArgument("The region must lie inside the image.", nameof(region));
        }

        byte* maskBase = null;
        long maskStep = 0;
        if (mask is not null)
        {
            if (mask.Type() != MatType.CV_8UC1 || mask.Rows != region.Height || mask.Cols != region.Width)
            {
                ThrowHelper.ThrowArgument("The mask must be 8-bit, one channel, and the size of the region.", nameof(mask));
            }

            maskBase = (byte*)mask.DataPointer;
            maskStep = mask.Step();
        }

        // Region row y starts at DataPointer + (region.Y + y)·step + region.X·3; pixels are B, G, R bytes.
        var imageBase = (byte*)bgr.DataPointer + (region.X * 3);
        var step = bgr.Step();
        int width = region.Width, height = region.Height, top = region.Y;
        var lut = LabColor.LinearFromSrgb8;

        // Sums are taken about the first pixel's colour (k) so that the variance E[(x−k)²] − E[x−k]² does not cancel
        // away on nearly uniform regions.
        long count = 0;
        double kL = 0, kA = 0, kB = 0;
        double sumL = 0, sumA = 0, sumB = 0, sumLL = 0, sumAA = 0, sumBB = 0;
        for (var y = 0; y < height; y++)
        {
            var row = new ReadOnlySpan<byte>(imageBase + ((top + y) * step), width * 3);
            var maskRow = maskBase == null ? default : new ReadOnlySpan<byte>(maskBase + (y * maskStep), width);
            for (var x = 0; x < width; x++)
            {
                if (maskBase != null && maskRow[x] == 0)
                {
                    continue;
                }

                var i = x * 3;
                var lab = LabColor.FromLinearRgb(lut[row[i + 2]], lut[row[i + 1]], lut[row[i]]);
                if (count++ == 0)
                {
                    (kL, kA, kB) = (lab.L, lab.A, lab.B);
                }

                double dl = lab.L - kL, da = lab.A - kA, db = lab.B - kB;
                sumL += dl;
                sumA += da;
                sumB += db;
                sumLL += dl * dl;
                sumAA += da * da;
                sumBB += db * db;
            }
        }

        if (count == 0)
        {
            return new ColorStats(0, new Lab(double.NaN, double.NaN, double.NaN), double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        double offsetL = sumL / count, offsetA = sumA / count, offsetB = sumB / count;
        var mean = new Lab(kL + offsetL, kA + offsetA, kB + offsetB);
        var stdL = Math.Sqrt(Math.Max(0, (sumLL / count) - (offsetL * offsetL)));
        var stdA = Math.Sqrt(Math.Max(0, (sumAA / count) - (offsetA * offsetA)));
        var stdB = Math.Sqrt(Math.Max(0, (sumBB / count) - (offsetB * offsetB)));
        if (!includeDeltaE00)
        {
            return new ColorStats((int)count, mean, stdL, stdA, stdB, double.NaN, double.NaN);
        }

        double sumDeltaE = 0, maxDeltaE = 0;
        for (var y = 0; y < height; y++)
        {
            var row = new ReadOnlySpan<byte>(imageBase + ((top + y) * step), width * 3);
            var maskRow = maskBase == null ? default : new ReadOnlySpan<byte>(maskBase + (y * maskStep), width);
            for (var x = 0; x < width; x++)
            {
                if (maskBase != null && maskRow[x] == 0)
                {
                    continue;
                }

                var i = x * 3;
                var lab = LabColor.FromLinearRgb(lut[row[i + 2]], lut[row[i + 1]], lut[row[i]]);
                var deltaE = LabColor.DeltaE2000(lab, mean);
                sumDeltaE += deltaE;
                maxDeltaE = Math.Max(maxDeltaE, deltaE);
            }
        }

        return new ColorStats((int)count, mean, stdL, stdA, stdB, sumDeltaE / count, maxDeltaE);
    }
}
