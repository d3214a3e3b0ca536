namespace EdgeVision.Vision.Calibration;

/// <summary>3×3 matrices stored row-major in 9 doubles, for homographies and plane poses.</summary>
internal static class Matrix3
{
    /// <summary>The inverse of <paramref name="m"/>, or null when it is singular.</summary>
    public static double[]? Invert(ReadOnlySpan<double> m)
    {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        var det = (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
        var scale = Math.Abs(a) + Math.Abs(b) + Math.Abs(c) + Math.Abs(d) + Math.Abs(e) + Math.Abs(f) + Math.Abs(g) + Math.Abs(h) + Math.Abs(i);
        if (!double.IsFinite(det) || Math.Abs(det) <= 1e-14 * scale * scale * scale)
        {
            return null;
        }

        return
        [
            ((e * i) - (f * h)) / det, ((c * h) - (b * i)) / det, ((b * f) - (c * e)) / det,
            ((f * g) - (d * i)) / det, ((a * i) - (c * g)) / det, ((c * d) - (a * f)) / det,
            ((d * h) - (e * g)) / det, ((b * g) - (a * h)) / det, ((a * e) - (b * d)) / det,
        ];
    }
}
