using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>What <see cref="HoleGauge"/> found at one expected hole position.</summary>
public readonly record struct HoleMeasurement(bool Present, double X, double Y, double Diameter, double Contrast);

/// <summary>
/// Measures a dark round hole in a bright surface to a fraction of a pixel from gray levels alone: the surface level
/// comes from a ring outside the hole, the hole level from its centre, and every pixel of the search disc contributes
/// the fraction of "hole" its level says it holds, so anti-aliased edge pixels count partly. Noise on surface pixels
/// averages out because the fractions are not clipped. Allocates nothing.
/// </summary>
public static class HoleGauge
{
    /// <summary>
    /// Measures the hole expected at (<paramref name="x"/>, <paramref name="y"/>) with nominal diameter
    /// <paramref name="nominalDiameter"/>. The search disc is 1.5 nominal radii; the hole is absent when the surface is
    /// less than <paramref name="minContrast"/> gray levels brighter than the centre.
    /// </summary>
    public static HoleMeasurement Measure(Mat gray, double x, double y, double nominalDiameter, double minContrast)
    {
        ArgumentNullException.ThrowIfNull(gray);
        var first = MeasureOnce(gray, x, y, nominalDiameter, minContrast);
        if (!first.Present)
        {
            return first;
        }

        // A second pass centred on the first estimate removes the bias of an off-centre search disc.
        var second = MeasureOnce(gray, first.X, first.Y, nominalDiameter, minContrast);
        return second.Present ? second : first;
    }

    private static unsafe HoleMeasurement MeasureOnce(Mat gray, double cx, double cy, double nominalDiameter, double minContrast)
    {
        int rows = gray.Rows, cols = gray.Cols;
        var stride = gray.Step();
        var data = (byte*)gray.DataPointer;
        var r0 = nominalDiameter / 2;
        double search = 1.5 * r0, ringInner = search + 2, ringOuter = search + 7, core = 0.4 * r0;
        var x0 = Math.Max(0, (int)Math.Floor(cx - ringOuter));
        var x1 = Math.Min(cols - 1, (int)Math.Ceiling(cx + ringOuter));
        var y0 = Math.Max(0, (int)Math.Floor(cy - ringOuter));
        var y1 = Math.Min(rows - 1, (int)Math.Ceiling(cy + ringOuter));

        double ringSum = 0, coreSum = 0;
        int ringCount = 0, coreCount = 0;
        for (var py = y0; py <= y1; py++)
        {
            var row = new ReadOnlySpan<byte>(data + (py * stride), cols);
            var dy = py - cy;
            for (var px = x0; px <= x1; px++)
            {
                var dx = px - cx;
                var d2 = (dx * dx) + (dy * dy);
                if (d2 >= ringInner * ringInner && d2 <= ringOuter * ringOuter)
                {
                    ringSum += row[px];
                    ringCount++;
                }
                else if (d2 <= core * core)
                {
                    coreSum += row[px];
                    coreCount++;
                }
            }
        }

        if (ringCount == 0 || coreCount == 0)
        {
            return new HoleMeasurement(false, cx, cy, 0, 0);
        }

        double surface = ringSum / ringCount, bottom = coreSum / coreCount, contrast = surface - bottom;
        if (contrast < minContrast)
        {
            return new HoleMeasurement(false, cx, cy, 0, contrast);
        }

        double area = 0, mx = 0, my = 0;
        var scale = 1.0 / contrast;
        for (var py = y0; py <= y1; py++)
        {
            var row = new ReadOnlySpan<byte>(data + (py * stride), cols);
            var dy = py - cy;
            for (var px = x0; px <= x1; px++)
            {
                var dx = px - cx;
                if ((dx * dx) + (dy * dy) <= search * search)
                {
                    var w = (surface - row[px]) * scale;
                    area += w;
                    mx += w * px;
                    my += w * py;
                }
            }
        }

        if (area <= 0)
        {
            return new HoleMeasurement(false, cx, cy, 0, contrast);
        }

        return new HoleMeasurement(true, mx / area, my / area, 2 * Math.Sqrt(area / Math.PI), contrast);
    }
}
