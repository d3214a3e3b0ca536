using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>The kind of a surface defect, judged from its shape.</summary>
public enum DefectKind
{
    /// <summary>A compact dark blob.</summary>
    Spot,

    /// <summary>A long thin dark mark.</summary>
    Scratch,
}

/// <summary>One dark defect on a part's surface: its kind, bounding box in image pixels and area.</summary>
public readonly record struct SurfaceDefect(DefectKind Kind, int X, int Y, int Width, int Height, int Area);

/// <summary>A circle excluded from the surface search (a hole and its rim).</summary>
public readonly record struct ExcludedCircle(double X, double Y, double Radius);

/// <summary>
/// Finds dark marks (scratches, spots) on a bright part: inside the part's rectangle shrunk by a margin and outside
/// excluded circles, pixels darker than the surface mean by more than a contrast are grouped into blobs, and blobs of
/// at least a minimum area are reported. Owns one mask image, allocated once per image size.
/// </summary>
public sealed class SurfaceInspector : IDisposable
{
    private readonly Mat _mask = new();
    private readonly Mat _labels = new();
    private readonly Mat _stats = new();
    private readonly Mat _centroids = new();

    /// <summary>
    /// Searches the surface of the part at <paramref name="pose"/>; writes up to <paramref name="found"/>.Length defects
    /// and returns how many blobs qualified (which may exceed the span's length).
    /// </summary>
    public unsafe int Inspect(Mat gray, in PartPose pose, double margin, ReadOnlySpan<ExcludedCircle> excluded, double contrast, int minArea, Span<SurfaceDefect> found)
    {
        ArgumentNullException.ThrowIfNull(gray);
        int rows = gray.Rows, cols = gray.Cols;
        _mask.Create(rows, cols, MatType.CV_8UC1);
        _mask.SetTo(Scalar.All(0));
        if (!pose.Found)
        {
            return 0;
        }

        double halfL = (pose.Length / 2) - margin, halfW = (pose.Width / 2) - margin;
        if (halfL <= 0 || halfW <= 0)
        {
            return 0;
        }

        var reach = Math.Sqrt((halfL * halfL) + (halfW * halfW));
        var x0 = Math.Max(0, (int)(pose.X - reach));
        var x1 = Math.Min(cols - 1, (int)(pose.X + reach) + 1);
        var y0 = Math.Max(0, (int)(pose.Y - reach));
        var y1 = Math.Min(rows - 1, (int)(pose.Y + reach) + 1);
        var a = pose.AngleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        var stride = gray.Step();
        var maskStride = _mask.Step();
        var src = (byte*)gray.DataPointer;
        var dst = (byte*)_mask.DataPointer;

        // Pass 1: mean surface level over the region. Pass 2: mark pixels darker than mean - contrast.
        double sum = 0;
        long count = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            var limit = pass == 0 ? 0 : (sum / Math.Max(1, count)) - contrast;
            for (var py = y0; py <= y1; py++)
            {
                var row = new ReadOnlySpan<byte>(src + (py * stride), cols);
                var maskRow = new Span<byte>(dst + (py * maskStride), cols);
                var dy = py - pose.Y;
                for (var px = x0; px <= x1; px++)
                {
                    var dx = px - pose.X;
                    double u = (dx * c) + (dy * s), v = (-dx * s) + (dy * c);
                    if (Math.Abs(u) > halfL || Math.Abs(v) > halfW || IsExcluded(px, py, excluded))
                    {
                        continue;
                    }

                    if (pass == 0)
                    {
                        sum += row[px];
                        count++;
                    }
                    else if (row[px] < limit)
                    {
                        maskRow[px] = 255;
                    }
                }
            }
        }

        return CollectBlobs(minArea, found);
    }

    private static bool IsExcluded(int px, int py, ReadOnlySpan<ExcludedCircle> excluded)
    {
        foreach (ref readonly var circle in excluded)
        {
            double dx = px - circle.X, dy = py - circle.Y;
            if ((dx * dx) + (dy * dy) <= circle.Radius * circle.Radius)
            {
                return true;
            }
        }

        return false;
    }

    private unsafe int CollectBlobs(int minArea, Span<SurfaceDefect> found)
    {
        var count = Cv2.ConnectedComponentsWithStats(_mask, _labels, _stats, _centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        var qualified = 0;
        for (var label = 1; label < count; label++)
        {
            var st = (int*)(statsBase + (label * stride));
            int w = st[2], h = st[3], area = st[4];
            if (area < minArea)
            {
                continue;
            }

            if (qualified < found.Length)
            {
                var aspect = (double)Math.Max(w, h) / Math.Max(1, Math.Min(w, h));
                var fill = (double)area / Math.Max(1, w * h);
                var kind = aspect > 3 || fill < 0.4 ? DefectKind.Scratch : DefectKind.Spot;
                found[qualified] = new SurfaceDefect(kind, st[0], st[1], w, h, area);
            }

            qualified++;
        }

        return qualified;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _mask.Dispose();
        _labels.Dispose();
        _stats.Dispose();
        _centroids.Dispose();
    }
}
