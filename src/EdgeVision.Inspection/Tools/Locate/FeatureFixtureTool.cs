using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Locate;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Locate;

/// <summary>Fixture by ORB features: a textured template found under any rotation and scale, refined on its pixels.</summary>
public sealed record FeatureFixtureSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Point;

    /// <summary>The template file, mask and reference point.</summary>
    public required TemplateImage Template { get; init; }

    /// <summary>Smallest rotation accepted, in degrees.</summary>
    public double AngleMinDeg { get; init; } = -180;

    /// <summary>Largest rotation accepted, in degrees.</summary>
    public double AngleMaxDeg { get; init; } = 180;

    /// <summary>Matches whose inlier ratio (RANSAC inliers over ratio-test matches) is below this count as no part.</summary>
    public double MinScore { get; init; }

    /// <summary>Fewest RANSAC inliers for a part to count as found.</summary>
    public int MinInliers { get; init; } = 15;

    /// <summary>Refines the pose by ECC alignment of the template's pixels (sub-pixel; slower).</summary>
    public bool Refine { get; init; } = true;

    /// <summary>Tolerance of the inlier ratio, or null to only report it.</summary>
    public Tolerance? Score { get; init; }

    /// <summary>Tolerance of the scale (part size over template size), or null to only report it.</summary>
    public Tolerance? Scale { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("score", Quantity.Ratio, Score), new("scale", Quantity.Ratio, Scale)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new FeatureFixtureTool(this);

    /// <summary>The locator options these settings ask for.</summary>
    public FeatureLocatorOptions LocatorOptions => new() { MinInliers = MinInliers, RefineWithEcc = Refine };

    /// <summary>
    /// Reads <c>template</c>, <c>mask</c>, <c>origin</c>, <c>angleMin</c>, <c>angleMax</c>, <c>minScore</c>,
    /// <c>minInliers</c>, <c>refine</c> and the <c>score</c> and <c>scale</c> tolerances; trains once to check the
    /// template has enough keypoints.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var template = TemplateImage.Read(r);
        var min = s.Number("angleMin", -180, -360, 360);
        var max = s.Number("angleMax", 180, -360, 360);
        if (max < min)
        {
            r.Error("angleMax", $"{max} is below angleMin {min}");
        }

        var settings = new FeatureFixtureSettings
        {
            Common = r.Common,
            Template = template ?? TemplateImage.Missing,
            AngleMinDeg = min,
            AngleMaxDeg = max,
            MinScore = s.Number("minScore", 0, 0, 1),
            MinInliers = s.WholeNumber("minInliers", 15, 4, 10_000),
            Refine = s.Bool("refine", true),
            Score = r.Tolerance("score", Quantity.Ratio),
            Scale = r.Tolerance("scale", Quantity.Ratio),
        };
        if (template is not null)
        {
            CheckTrains(r, settings);
        }

        return settings;
    }

    private static void CheckTrains(ToolReader r, FeatureFixtureSettings settings)
    {
        var (image, mask) = settings.Template.Load();
        using (image)
        using (mask)
        {
            try
            {
                using var locator = new FeatureLocator(image, settings.LocatorOptions, mask, new Point2d(settings.Template.OriginX, settings.Template.OriginY));
            }
            catch (ArgumentException e)
            {
                r.Error("template", e.Message);
            }
        }
    }
}

/// <summary>Runs <see cref="FeatureLocator"/> and accepts its match within the angle range and above the least score.</summary>
/// <remarks>ORB detection and matching allocate managed arrays per frame; prefer the template fixture where it fits.</remarks>
public sealed class FeatureFixtureTool : LocateTool
{
    private readonly FeatureFixtureSettings _settings;
    private readonly FeatureLocator _locator;
    private FeatureMatch _match;

    /// <summary>Creates the tool, loading and training the template.</summary>
    public FeatureFixtureTool(FeatureFixtureSettings settings)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        var t = settings.Template;
        var (template, mask) = t.Load();
        using (template)
        using (mask)
        {
            _locator = new FeatureLocator(template, settings.LocatorOptions, mask, new Point2d(t.OriginX, t.OriginY));
        }
    }

    /// <summary>The match on the current frame.</summary>
    public FeatureMatch Match => _match;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _match = _locator.Locate(context.Gray);
        var m = _match.Match;
        if (!m.Found || m.Score < _settings.MinScore || !InRange(m.AngleDeg))
        {
            Pose = PartPose.NotFound;
            return ToolStatus.NotFound;
        }

        var t = _settings.Template;
        Pose = m.ToPose(t.Cols * m.Scale, t.Rows * m.Scale);
        Slot(0).Set(m.Score);
        Slot(1).Set(m.Scale);
        return ToolStatus.Pass;
    }

    private bool InRange(double angle)
    {
        double min = _settings.AngleMinDeg, max = _settings.AngleMaxDeg;
        if (max - min >= 360)
        {
            return true;
        }

        // The same direction can be written a turn apart: try the turn that lands at or above min.
        var a = min + (((angle - min) % 360) + 360) % 360;
        return a <= max;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _locator.Dispose();
        }

        base.Dispose(disposing);
    }
}
