using OpenCvSharp;

namespace EdgeVision.Vision.Locate;

/// <summary>How a <see cref="FeatureLocator"/> detects, matches and accepts.</summary>
public sealed record FeatureLocatorOptions
{
    /// <summary>Most ORB keypoints kept in the template.</summary>
    public int TemplateFeatures { get; init; } = 500;

    /// <summary>Most ORB keypoints kept in each searched image.</summary>
    public int ImageFeatures { get; init; } = 2000;

    /// <summary>Lowe's ratio test: a match is kept when its distance is below this fraction of the second best's.</summary>
    public double Ratio { get; init; } = 0.75;

    /// <summary>RANSAC's reprojection threshold in image pixels.</summary>
    public double RansacThreshold { get; init; } = 3;

    /// <summary>Fewest RANSAC inliers for a match to count as found.</summary>
    public int MinInliers { get; init; } = 15;

    /// <summary>Smallest scale (image size over template size at the reference point) accepted.</summary>
    public double MinScale { get; init; } = 0.25;

    /// <summary>Largest scale accepted.</summary>
    public double MaxScale { get; init; } = 4;

    /// <summary>
    /// Refines the RANSAC homography on the pixels themselves (OpenCV's ECC alignment of the template to the image),
    /// which takes the reference point from keypoint precision (a pixel or more) to a small fraction of a pixel.
    /// </summary>
    public bool RefineWithEcc { get; init; } = true;
}

/// <summary>The outcome of a <see cref="FeatureLocator"/> search.</summary>
/// <param name="Match">Where the template's reference point landed, its angle and scale; Score = inliers / ratio-test matches.</param>
/// <param name="Homography">Template pixels → image pixels (identity when no homography was found).</param>
/// <param name="Inliers">Matches RANSAC kept.</param>
/// <param name="Matches">Matches that passed the ratio test.</param>
/// <param name="Correlation">The ECC correlation of the template with the image after refinement (NaN when not refined).</param>
public readonly record struct FeatureMatch(LocateMatch Match, Homography Homography, int Inliers, int Matches, double Correlation);

/// <summary>
/// Finds a textured template under any rotation, scale and moderate perspective by ORB keypoints: descriptors of the
/// template are computed once; each search detects ORB keypoints in the image, matches them (brute-force Hamming,
/// two nearest, Lowe's ratio test) and fits a homography with RANSAC. The reference point is mapped through the
/// homography; angle and scale are those of the closest similarity to the homography there. The homography from
/// keypoints is only as precise as ORB's keypoint positions (about a pixel, and worse on its coarser pyramid levels),
/// so by default it is refined by ECC alignment of the template's pixels, which also gives a correlation to judge by.
/// </summary>
/// <remarks>
/// Unlike <see cref="TemplateLocator"/> this path allocates per call: OpenCvSharp returns keypoints and matches as
/// managed arrays and FindHomography takes point lists. Use it where the part's texture is rich and its pose is
/// free; use <see cref="TemplateLocator"/> for the sub-pixel, allocation-light fixture.
/// </remarks>
public sealed class FeatureLocator : IDisposable
{
    private const int EccIterations = 50;
    private const double EccEpsilon = 1e-6;
    private const int EccBlur = 5;
    private readonly FeatureLocatorOptions _options;
    private readonly ORB _templateOrb;
    private readonly ORB _imageOrb;
    private readonly BFMatcher _matcher = new(NormTypes.Hamming, crossCheck: false);
    private readonly Mat _templateDescriptors = new();
    private readonly Mat _imageDescriptors = new();
    private readonly Mat _inlierMask = new();
    private readonly Mat _template = new();
    private readonly Mat _warp = new(3, 3, MatType.CV_32FC1);
    private readonly KeyPoint[] _templateKeypoints;
    private readonly List<Point2d> _from = [];
    private readonly List<Point2d> _to = [];

    /// <summary>
    /// Trains on an 8-bit gray <paramref name="template"/> (keypoints only where <paramref name="mask"/> is non-zero,
    /// when given); <paramref name="origin"/> is the reference point in template pixels, by default the centre.
    /// </summary>
    public FeatureLocator(Mat template, FeatureLocatorOptions? options = null, Mat? mask = null, Point2d? origin = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Type() != MatType.CV_8UC1 || template.Empty())
        {
            ThrowHelper.ThrowArgument("The template must be a non-empty 8-bit gray image.", nameof(template));
        }

        _options = options ?? new FeatureLocatorOptions();
        Origin = origin ?? new Point2d((template.Cols - 1) / 2.0, (template.Rows - 1) / 2.0);
        template.CopyTo(_template);
        _templateOrb = ORB.Create(_options.TemplateFeatures);
        _imageOrb = ORB.Create(_options.ImageFeatures);
        _templateOrb.DetectAndCompute(template, mask is null ? null : InputArray.Create(mask), out _templateKeypoints, _templateDescriptors);
        if (_templateKeypoints.Length < _options.MinInliers)
        {
            ThrowHelper.ThrowArgument($"The template has {_templateKeypoints.Length} ORB keypoints, fewer than the {_options.MinInliers} inliers asked for.", nameof(template));
        }
    }

    /// <summary>The template's reference point in template pixels.</summary>
    public Point2d Origin { get; }

    /// <summary>How many ORB keypoints the template has.</summary>
    public int TemplateKeypoints => _templateKeypoints.Length;

    /// <summary>
    /// Searches the 8-bit gray <paramref name="gray"/> (keypoints only where <paramref name="mask"/> is non-zero, when
    /// given). Found is false with too few inliers, or when the homography mirrors or scales beyond the limits.
    /// </summary>
    public FeatureMatch Locate(Mat gray, Mat? mask = null)
    {
        ArgumentNullException.ThrowIfNull(gray);
        _imageOrb.DetectAndCompute(gray, mask is null ? null : InputArray.Create(mask), out var keypoints, _imageDescriptors);
        if (keypoints.Length < 2)
        {
            return new FeatureMatch(LocateMatch.NotFound, Homography.Identity, 0, 0, double.NaN);
        }

        var pairs = _matcher.KnnMatch(_templateDescriptors, _imageDescriptors, 2);
        _from.Clear();
        _to.Clear();
        foreach (var pair in pairs)
        {
            if (pair.Length == 2 && pair[0].Distance < _options.Ratio * pair[1].Distance)
            {
                var t = _templateKeypoints[pair[0].QueryIdx].Pt;
                var i = keypoints[pair[0].TrainIdx].Pt;
                _from.Add(new Point2d(t.X, t.Y));
                _to.Add(new Point2d(i.X, i.Y));
            }
        }

        var matches = _from.Count;
        if (matches < Math.Max(4, _options.MinInliers))
        {
            return new FeatureMatch(LocateMatch.NotFound, Homography.Identity, 0, matches, double.NaN);
        }

        using var h = Cv2.FindHomography(_from, _to, HomographyMethods.Ransac, _options.RansacThreshold, _inlierMask);
        if (h.Empty())
        {
            return new FeatureMatch(LocateMatch.NotFound, Homography.Identity, 0, matches, double.NaN);
        }

        var homography = new Homography(
            h.At<double>(0, 0), h.At<double>(0, 1), h.At<double>(0, 2),
            h.At<double>(1, 0), h.At<double>(1, 1), h.At<double>(1, 2),
            h.At<double>(2, 0), h.At<double>(2, 1), h.At<double>(2, 2));
        var correlation = double.NaN;
        if (_options.RefineWithEcc)
        {
            (homography, correlation) = Refine(gray, homography);
        }

        var inliers = Cv2.CountNonZero(_inlierMask);
        var (x, y) = homography.Map(Origin.X, Origin.Y);
        var (angle, scale) = homography.SimilarityAt(Origin.X, Origin.Y);
        var found = inliers >= _options.MinInliers && homography.AreaRatioAt(Origin.X, Origin.Y) > 0 &&
            scale >= _options.MinScale && scale <= _options.MaxScale;
        var match = new LocateMatch(found, x, y, angle, scale, inliers / (double)matches);
        return new FeatureMatch(match, homography, inliers, matches, correlation);
    }

    /// <summary>Aligns the template's pixels to the image starting from <paramref name="start"/>; keeps the start when ECC fails.</summary>
    private (Homography Homography, double Correlation) Refine(Mat gray, Homography start)
    {
        var n = start.M33;
        _warp.Set(0, 0, (float)(start.M11 / n));
        _warp.Set(0, 1, (float)(start.M12 / n));
        _warp.Set(0, 2, (float)(start.M13 / n));
        _warp.Set(1, 0, (float)(start.M21 / n));
        _warp.Set(1, 1, (float)(start.M22 / n));
        _warp.Set(1, 2, (float)(start.M23 / n));
        _warp.Set(2, 0, (float)(start.M31 / n));
        _warp.Set(2, 1, (float)(start.M32 / n));
        _warp.Set(2, 2, 1f);
        try
        {
            // ECC finds W with image(W(x)) ≈ template(x): W maps template pixels to image pixels, as the homography does.
            var criteria = new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, EccIterations, EccEpsilon);
            var correlation = Cv2.FindTransformECC(_template, gray, _warp, MotionTypes.Homography, criteria, null, EccBlur);
            var refined = new Homography(
                _warp.At<float>(0, 0), _warp.At<float>(0, 1), _warp.At<float>(0, 2),
                _warp.At<float>(1, 0), _warp.At<float>(1, 1), _warp.At<float>(1, 2),
                _warp.At<float>(2, 0), _warp.At<float>(2, 1), _warp.At<float>(2, 2));
            return (refined, correlation);
        }
        catch (OpenCVException)
        {
            // ECC throws when it diverges (e.g. the part is partly out of view); the keypoint homography stands.
            return (start, double.NaN);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _template.Dispose();
        _warp.Dispose();
        _templateOrb.Dispose();
        _imageOrb.Dispose();
        _matcher.Dispose();
        _templateDescriptors.Dispose();
        _imageDescriptors.Dispose();
        _inlierMask.Dispose();
    }
}
