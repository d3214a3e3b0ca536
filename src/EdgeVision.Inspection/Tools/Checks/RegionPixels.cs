using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Checks;

/// <summary>
/// The pixels of a tool's placed region as an upright rectangle that the statistics of <c>PresenceCheck</c> and
/// <c>ColorStatistics</c> can walk: a whole-pixel rectangle of the frame itself when the region is axis-aligned and
/// inside the image (no copy, no interpolation, no allocation), else a <see cref="RoiSampler"/> patch (bilinear, one
/// patch pixel per image pixel). Where a turned region leaves the image a mask keeps only patch pixels whose four
/// bilinear neighbours all lie in the image, so the border fill never counts. Owns the sampler and the mask.
/// </summary>
internal sealed class RegionPixels : IDisposable
{
    // Angles within this many degrees of a multiple of 90° take the axis-aligned path.
    private const double AxisAlignedDeg = 1e-6;
    private const double Inside = 1e-9;

    private readonly RoiSampler _sampler = new();
    private readonly Mat _mask = new();

    /// <summary>The image the statistics read: the frame itself or the sampler's patch (valid until the next call).</summary>
    public Mat Source { get; private set; } = null!;

    /// <summary>The rectangle of <see cref="Source"/> to read.</summary>
    public Rect Region { get; private set; }

    /// <summary>Non-zero where a pixel of <see cref="Region"/> counts, or null when all do.</summary>
    public Mat? Mask { get; private set; }

    /// <summary>
    /// Makes the pixels of <paramref name="roi"/> (image coordinates) in <paramref name="image"/> available through
    /// <see cref="Source"/>, <see cref="Region"/> and <see cref="Mask"/>. Returns false when no pixel of the region
    /// lies in the image.
    /// </summary>
    public bool Take(Mat image, in RotatedRoi roi)
    {
        ArgumentNullException.ThrowIfNull(image);
        int imageCols = image.Cols, imageRows = image.Rows;
        var cols = Math.Max(1, (int)Math.Ceiling(roi.Length));
        var rows = Math.Max(1, (int)Math.Ceiling(roi.Width));
        Mask = null;

        // Axis-aligned: the cols × rows grid of the sampler snapped to whole pixels (at most half a pixel off).
        var quarterTurns = roi.AngleDeg / 90;
        var nearest = Math.Round(quarterTurns);
        if (Math.Abs(quarterTurns - nearest) * 90 < AxisAlignedDeg)
        {
            var upright = ((long)nearest & 1) == 0;
            int width = upright ? cols : rows, height = upright ? rows : cols;
            var left = (int)Math.Floor(roi.X - ((width - 1) / 2.0) + 0.5);
            var top = (int)Math.Floor(roi.Y - ((height - 1) / 2.0) + 0.5);
            if (left >= 0 && top >= 0 && left + width <= imageCols && top + height <= imageRows)
            {
                Source = image;
                Region = new Rect(left, top, width, height);
                return true;
            }
        }

        if (roi.BoundingRect(imageCols, imageRows) is { Width: <= 0 } or { Height: <= 0 })
        {
            Source = image;
            Region = default;
            return false;
        }

        Source = _sampler.Sample(image, roi);
        Region = new Rect(0, 0, cols, rows);
        return LeavesImage(roi, imageCols, imageRows) ? MaskInside(roi, cols, rows, imageCols, imageRows) : true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sampler.Dispose();
        _mask.Dispose();
    }

    private static bool LeavesImage(in RotatedRoi roi, int imageCols, int imageRows)
    {
        Span<Point2d> corners = stackalloc Point2d[4];
        roi.Corners(corners);
        foreach (var c in corners)
        {
            if (c.X < 0 || c.Y < 0 || c.X > imageCols - 1 || c.Y > imageRows - 1)
            {
                return true;
            }
        }

        return false;
    }

    private unsafe bool MaskInside(in RotatedRoi roi, int cols, int rows, int imageCols, int imageRows)
    {
        _mask.Create(rows, cols, MatType.CV_8UC1);
        var maskBase = (byte*)_mask.DataPointer;
        var step = _mask.Step();
        double maxX = imageCols - 1 + Inside, maxY = imageRows - 1 + Inside;
        var any = false;
        for (var j = 0; j < rows; j++)
        {
            var row = new Span<byte>(maskBase + (j * step), cols);
            for (var i = 0; i < cols; i++)
            {
                var (x, y) = RoiSampler.PatchToImage(roi, i, j);
                var inside = x >= -Inside && y >= -Inside && x <= maxX && y <= maxY;
                row[i] = inside ? (byte)255 : (byte)0;
                any |= inside;
            }
        }

        Mask = _mask;
        return any;
    }
}
