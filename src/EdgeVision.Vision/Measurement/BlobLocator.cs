using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>
/// Finds a bright part on a darker background: global threshold, the largest connected blob, and the minimum-area
/// rotated rectangle around it. Owns its scratch images, allocated once per image size.
/// </summary>
public sealed class BlobLocator : IDisposable
{
    private readonly Mat _binary = new();
    private readonly Mat _labels = new();
    private readonly Mat _stats = new();
    private readonly Mat _centroids = new();
    private readonly Mat _mask = new();
    private readonly Mat _eroded = new();
    private readonly Mat _points = new();

    /// <summary>The binary image of the last call (255 where brighter than the threshold), for overlays and debugging.</summary>
    public Mat Binary => _binary;

    /// <summary>
    /// Locates the largest blob brighter than <paramref name="threshold"/> in <paramref name="gray"/>; blobs smaller
    /// than <paramref name="minArea"/> pixels count as no part. The pose's length is the rectangle's long side.
    /// </summary>
    public unsafe PartPose Locate(Mat gray, double threshold, int minArea)
    {
        ArgumentNullException.ThrowIfNull(gray);
        Cv2.Threshold(gray, _binary, threshold, 255, ThresholdTypes.Binary);
        var count = Cv2.ConnectedComponentsWithStats(_binary, _labels, _stats, _centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);

        // stats is count × 5 int32 (left, top, width, height, area), rows Step() bytes apart; label 0 is background.
        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        int best = 0, bestArea = 0;
        for (var label = 1; label < count; label++)
        {
            var area = ((int*)(statsBase + (label * stride)))[(int)ConnectedComponentsTypes.Area];
            if (area > bestArea)
            {
                bestArea = area;
                best = label;
            }
        }

        if (best == 0 || bestArea < minArea)
        {
            return PartPose.NotFound;
        }

        // The convex hull of a blob is the hull of its outline pixels, so the rectangle is found from the outline
        // alone: the blob's labels inside its bounding box, minus their erosion (outside the box counts as background).
        var row = (int*)(statsBase + (best * stride));
        var bounds = new Rect(row[(int)ConnectedComponentsTypes.Left], row[(int)ConnectedComponentsTypes.Top], row[(int)ConnectedComponentsTypes.Width], row[(int)ConnectedComponentsTypes.Height]);
        using (var labels = new Mat(_labels, bounds))
        {
            Cv2.InRange(labels, new Scalar(best), new Scalar(best), _mask);
        }

        Cv2.Erode(_mask, _eroded, null, null, 1, BorderTypes.Constant, Scalar.All(0));
        Cv2.Subtract(_mask, _eroded, _mask);
        Cv2.FindNonZero(_mask, _points);
        var box = Cv2.MinAreaRect(_points);
        box.Center = new Point2f(box.Center.X + bounds.X, box.Center.Y + bounds.Y);
        double length = box.Size.Width, width = box.Size.Height, angle = box.Angle;
        if (length < width)
        {
            (length, width) = (width, length);
            angle += 90;
        }

        return new PartPose(true, box.Center.X, box.Center.Y, PartPose.WrapAxisAngle(angle), length, width, bestArea);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _binary.Dispose();
        _labels.Dispose();
        _stats.Dispose();
        _centroids.Dispose();
        _mask.Dispose();
        _eroded.Dispose();
        _points.Dispose();
    }
}
