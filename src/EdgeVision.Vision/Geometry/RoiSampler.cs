using OpenCvSharp;

namespace EdgeVision.Vision.Geometry;

/// <summary>
/// Resamples a rotated region into an upright image (u to the right, v down) with bilinear interpolation, so tools
/// that work on axis-aligned pixels (blob analysis, code reading, character reading, colour statistics) can run in a
/// region that moves and turns with the part. Owns its destination and reuses it while the size stays the same.
/// </summary>
public sealed class RoiSampler : IDisposable
{
    private readonly Mat _patch = new();
    private readonly Mat _transform = new(2, 3, MatType.CV_64FC1);

    /// <summary>The last upright patch (valid until the next call).</summary>
    public Mat Patch => _patch;

    /// <summary>
    /// Samples <paramref name="roi"/> of <paramref name="source"/> into <see cref="Patch"/>, one patch pixel per image
    /// pixel (rounded up to whole pixels). Patch pixel (i, j) has local coordinates (i − (cols−1)/2, j − (rows−1)/2).
    /// Pixels outside the image read as <paramref name="border"/>.
    /// </summary>
    public Mat Sample(Mat source, in RotatedRoi roi, double border = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        var cols = Math.Max(1, (int)Math.Ceiling(roi.Length));
        var rows = Math.Max(1, (int)Math.Ceiling(roi.Width));
        var (c, s) = roi.AxisU;

        // Patch (i, j) → image: x = X + (i − cu)·c − (j − cv)·s, y = Y + (i − cu)·s + (j − cv)·c.
        double cu = (cols - 1) / 2.0, cv = (rows - 1) / 2.0;
        // At<T> writes through a ref without allocating; Set<T> allocates 24 bytes per call.
        _transform.At<double>(0, 0) = c;
        _transform.At<double>(0, 1) = -s;
        _transform.At<double>(0, 2) = roi.X - (cu * c) + (cv * s);
        _transform.At<double>(1, 0) = s;
        _transform.At<double>(1, 1) = c;
        _transform.At<double>(1, 2) = roi.Y - (cu * s) - (cv * c);
        Cv2.WarpAffine(source, _patch, _transform, new Size(cols, rows), InterpolationFlags.Linear | InterpolationFlags.WarpInverseMap, BorderTypes.Constant, Scalar.All(border));
        return _patch;
    }

    /// <summary>Maps a patch pixel back to image coordinates for the region last sampled with <paramref name="roi"/>.</summary>
    public static (double X, double Y) PatchToImage(in RotatedRoi roi, double i, double j)
    {
        var cols = Math.Max(1, (int)Math.Ceiling(roi.Length));
        var rows = Math.Max(1, (int)Math.Ceiling(roi.Width));
        return roi.ToImage(i - ((cols - 1) / 2.0), j - ((rows - 1) / 2.0));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _patch.Dispose();
        _transform.Dispose();
    }
}
