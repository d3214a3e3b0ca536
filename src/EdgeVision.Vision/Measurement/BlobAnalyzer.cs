using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>
/// Blob analysis in an 8-bit gray image (a whole image, an ROI view, or an upright patch from
/// <see cref="Geometry.RoiSampler"/>): threshold (fixed or Otsu, either polarity), 8-connected components, and per blob
/// the pixel count, bounding box and the measurements of its sub-pixel outline (see <see cref="BlobFeatures"/>);
/// blobs that pass the filter are reported largest first. Owns its scratch images and per-blob tables and reuses them:
/// once warm, a call allocates no pixel buffers and no managed memory except OpenCvSharp's small InputArray/OutputArray
/// wrappers (the outline is measured by an own pass over the pixels, not by FindContours, which would allocate a point
/// array per contour). The tables grow when an image has more blobs than any before.
/// </summary>
public sealed partial class BlobAnalyzer : IDisposable
{
    private readonly Mat _binary = new();
    private readonly Mat _labels = new();
    private readonly Mat _stats = new();
    private readonly Mat _centroids = new();
    private int[] _slots = new int[64];
    private Moments[] _moments = new Moments[64];
    private BlobFeatures[] _found = new BlobFeatures[64];

    /// <summary>The binary image of the last call (255 on blob pixels), valid until the next call.</summary>
    public Mat Binary => _binary;

    /// <summary>The label image of the last call (CV_32S, 0 = background), valid until the next call.</summary>
    public Mat Labels => _labels;

    /// <summary>The threshold the last call used (Otsu's choice when asked for).</summary>
    public double LastThreshold { get; private set; }

    /// <summary>
    /// Segments <paramref name="gray"/> and measures its blobs; writes the blobs that pass the filter, largest pixel
    /// count first, into <paramref name="blobs"/> and returns how many passed (which may exceed its length: the
    /// rest are counted but not stored).
    /// </summary>
    public unsafe int Analyze(Mat gray, in BlobSettings settings, Span<BlobFeatures> blobs)
    {
        ArgumentNullException.ThrowIfNull(gray);
        if (gray.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("The image must be 8-bit gray.", nameof(gray));
        }

        var type = settings.Polarity == BlobPolarity.DarkOnLight ? ThresholdTypes.BinaryInv : ThresholdTypes.Binary;
        if (settings.UseOtsu)
        {
            type |= ThresholdTypes.Otsu;
        }

        LastThreshold = Cv2.Threshold(gray, _binary, settings.Threshold, 255, type);
        var count = Cv2.ConnectedComponentsWithStats(_binary, _labels, _stats, _centroids, PixelConnectivity.Connectivity8, MatType.CV_32S);
        var filter = settings.Filter;
        var measured = SelectByArea(count, filter);
        if (measured == 0)
        {
            return 0;
        }

        // An 8-bit threshold t marks v > ⌊t⌋ (or v ≤ ⌊t⌋): the outline runs at the level halfway between the classes.
        TraceOutlines(gray, Math.Floor(LastThreshold) + 0.5);

        var passed = 0;
        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        for (var label = 1; label < count; label++)
        {
            var slot = _slots[label];
            if (slot < 0)
            {
                continue;
            }

            var s = (int*)(statsBase + (label * stride));
            var box = new Rect(s[0], s[1], s[2], s[3]);
            var blob = _moments[slot].ToFeatures(label, s[4], box);
            if (filter.Passes(blob))
            {
                _found[passed++] = blob;
            }
        }

        var found = _found.AsSpan(0, passed);
        found.Sort(new LargestFirst());
        found[..Math.Min(passed, blobs.Length)].CopyTo(blobs);
        return passed;
    }

    /// <summary>Gives each label that passes the area limits a slot in the moment table (others −1); returns how many.</summary>
    private unsafe int SelectByArea(int count, in BlobFilter filter)
    {
        if (_slots.Length < count)
        {
            var size = Math.Max(count, _slots.Length * 2);
            _slots = new int[size];
            _moments = new Moments[size];
            _found = new BlobFeatures[size];
        }

        var statsBase = (byte*)_stats.DataPointer;
        var stride = _stats.Step();
        var used = 0;
        _slots[0] = -1;
        for (var label = 1; label < count; label++)
        {
            var s = (int*)(statsBase + (label * stride));
            if (filter.AreaPasses(s[(int)ConnectedComponentsTypes.Area]))
            {
                _moments[used] = new Moments(s[(int)ConnectedComponentsTypes.Left], s[(int)ConnectedComponentsTypes.Top]);
                _slots[label] = used++;
            }
            else
            {
                _slots[label] = -1;
            }
        }

        return used;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _binary.Dispose();
        _labels.Dispose();
        _stats.Dispose();
        _centroids.Dispose();
    }

    private readonly struct LargestFirst : IComparer<BlobFeatures>
    {
        public int Compare(BlobFeatures x, BlobFeatures y) =>
            x.Area != y.Area ? y.Area.CompareTo(x.Area) : x.Label.CompareTo(y.Label);
    }
}
