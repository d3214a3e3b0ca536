using OpenCvSharp;

namespace EdgeVision.Vision.Locate;

/// <summary>
/// Finds a trained gray template in an image at any rotation within a trained range, to a fraction of a pixel and a
/// fraction of a degree, by normalized cross-correlation (TM_CCOEFF_NORMED) searched coarse to fine.
/// Rather than turning the template (which needs a mask for the corners a turned rectangle leaves empty, and OpenCV's
/// masked correlation is 20–100× slower than the plain one on this machine), the search turns the image: at the top of
/// a Gaussian pyramid the whole reduced image is resampled once per coarse angle so that a part at that angle stands
/// upright, and the upright template is correlated with it; the best few distinct candidates are then refined level by
/// level in a small upright patch resampled around the predicted position at the current angle and half a step either
/// side, with a parabola through the three peak scores for the angle and a quadratic fit over the 3×3 scores around the
/// correlation peak for the position. The score is the full-resolution correlation at the final angle.
/// </summary>
/// <remarks>
/// Per-frame cost: the pyramid, the rotated images and the correlation maps are reused scratch images, so the search
/// allocates no pixel buffers once warm; OpenCvSharp still allocates a small InputArray/OutputArray wrapper per Mat
/// argument of each call. A mask is honoured by filling the template's masked-out pixels with the mean of the rest:
/// they then add nothing to the correlation, but image texture under them still lowers the score a little.
/// </remarks>
public sealed partial class TemplateLocator : IDisposable
{
    private const double StepRadians = 1.5; // coarse angle step: the template's far corner moves 1.5 px at the top level
    private readonly TemplateLocatorOptions _options;
    private readonly int _top;
    private readonly Mat[] _templates;
    private readonly Point2d[] _origins;
    private readonly double _coarseStepDeg;
    private readonly double[] _coarseAngles;
    private readonly Mat[] _image;
    private readonly Mat _canvas = new();
    private readonly Mat _patch = new();
    private readonly Mat _result = new();
    private readonly Mat _affine = new(2, 3, MatType.CV_64FC1);
    private readonly Candidate[] _candidates;
    private readonly Size[] _templateSizes;
    private readonly Size[] _imageSizes;
    private Mat? _gray;
    private double _fill;

    /// <summary>
    /// Trains on an 8-bit gray <paramref name="template"/>. <paramref name="mask"/> (8-bit, same size, non-zero where
    /// the template is meaningful) is optional; <paramref name="origin"/> is the reference point in template pixels,
    /// by default the template's centre ((cols − 1)/2, (rows − 1)/2). Training allocates freely.
    /// </summary>
    public TemplateLocator(Mat template, TemplateLocatorOptions? options = null, Mat? mask = null, Point2d? origin = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        _options = options ?? new TemplateLocatorOptions();
        _options.Validate();
        if (template.Type() != MatType.CV_8UC1 || template.Empty())
        {
            ThrowHelper.ThrowArgument("The template must be a non-empty 8-bit gray image.", nameof(template));
        }

        int rows = template.Rows, cols = template.Cols;
        if (mask is not null && (mask.Type() != MatType.CV_8UC1 || mask.Rows != rows || mask.Cols != cols))
        {
            ThrowHelper.ThrowArgument("The mask must be an 8-bit image of the template's size.", nameof(mask));
        }

        Origin = origin ?? new Point2d((cols - 1) / 2.0, (rows - 1) / 2.0);
        TemplateSize = new Size(cols, rows);
        _top = _options.PyramidLevels >= 0 ? _options.PyramidLevels : AutomaticLevels(Math.Min(rows, cols), _options.MinTopSize);
        var levels = _top + 1;
        _templates = new Mat[levels];
        _origins = new Point2d[levels];
        _image = new Mat[levels];
        _templateSizes = new Size[levels];
        _imageSizes = new Size[levels];
        for (var l = 0; l < levels; l++)
        {
            _templates[l] = new Mat();
            _image[l] = new Mat();
            var scale = 1.0 / (1 << l);
            _origins[l] = new Point2d(Origin.X * scale, Origin.Y * scale);
        }

        FillMasked(template, mask, _templates[0]);
        _templateSizes[0] = TemplateSize;
        for (var l = 1; l < levels; l++)
        {
            Cv2.PyrDown(_templates[l - 1], _templates[l]);
            _templateSizes[l] = new Size(_templates[l].Cols, _templates[l].Rows);
        }

        // Farthest template corner from the reference point at the top level sets the coarse angle step.
        Size top = _templateSizes[_top];
        var o = _origins[_top];
        var dx = Math.Max(o.X + 0.5, top.Width - 0.5 - o.X);
        var dy = Math.Max(o.Y + 0.5, top.Height - 0.5 - o.Y);
        var reach = Math.Sqrt((dx * dx) + (dy * dy));
        _coarseStepDeg = Math.Min(10, StepRadians / Math.Max(4, reach) * 180 / Math.PI);
        _coarseAngles = CoarseAngles(_options.AngleMinDeg, _options.AngleMaxDeg, ref _coarseStepDeg);
        _candidates = new Candidate[_options.Candidates];
    }

    /// <summary>The template's reference point in template pixels; matches report where it lands.</summary>
    public Point2d Origin { get; }

    /// <summary>Size of the trained template in pixels.</summary>
    public Size TemplateSize { get; }

    /// <summary>Pyramid levels above full resolution used by the coarse search.</summary>
    public int PyramidLevels => _top;

    /// <summary>Angle step of the coarse search at the top pyramid level, in degrees.</summary>
    public double CoarseStepDeg => _coarseStepDeg;

    /// <summary>Number of angles the coarse search tries.</summary>
    public int CoarseAngleCount => _coarseAngles.Length;

    private static int AutomaticLevels(int shortSide, int minTopSize)
    {
        var levels = 0;
        while (levels < 3 && (shortSide >> (levels + 1)) >= minTopSize)
        {
            levels++;
        }

        return levels;
    }

    private static double[] CoarseAngles(double min, double max, ref double step)
    {
        var span = max - min;
        if (span >= 360 - 1e-9)
        {
            var n = (int)Math.Ceiling(360 / step);
            step = 360.0 / n;
            var full = new double[n];
            for (var k = 0; k < n; k++)
            {
                full[k] = -180 + (k * step);
            }

            return full;
        }

        var count = Math.Max(1, (int)Math.Ceiling(span / step) + 1);
        step = count > 1 ? span / (count - 1) : step;
        var angles = new double[count];
        for (var k = 0; k < count; k++)
        {
            angles[k] = count > 1 ? min + (k * step) : (min + max) / 2;
        }

        return angles;
    }

    /// <summary>Copies the template, its masked-out pixels set to the mean of the others so they add nothing to the correlation.</summary>
    private static void FillMasked(Mat template, Mat? mask, Mat destination)
    {
        template.CopyTo(destination);
        if (mask is null)
        {
            return;
        }

        using var outside = new Mat();
        Cv2.Compare(mask, Scalar.All(0), outside, CmpTypes.EQ);
        if (Cv2.CountNonZero(mask) == 0)
        {
            ThrowHelper.ThrowArgument("The mask leaves nothing of the template.", nameof(mask));
        }

        destination.SetTo(Cv2.Mean(template, mask), outside);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var m in _templates)
        {
            m.Dispose();
        }

        foreach (var m in _image)
        {
            m.Dispose();
        }

        _canvas.Dispose();
        _patch.Dispose();
        _result.Dispose();
        _affine.Dispose();
    }

    private record struct Candidate(double Score, double X, double Y, double AngleDeg);
}
