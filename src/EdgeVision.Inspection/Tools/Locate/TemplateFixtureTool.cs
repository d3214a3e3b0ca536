using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Locate;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Locate;

/// <summary>Fixture by template: a trained gray image found at any rotation in a range by normalized correlation.</summary>
public sealed record TemplateFixtureSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Point;

    /// <summary>The template file, mask and reference point.</summary>
    public required TemplateImage Template { get; init; }

    /// <summary>Smallest rotation searched, in degrees.</summary>
    public double AngleMinDeg { get; init; } = -180;

    /// <summary>Largest rotation searched, in degrees.</summary>
    public double AngleMaxDeg { get; init; } = 180;

    /// <summary>Matches below this correlation (0..1) count as no part.</summary>
    public double MinScore { get; init; } = 0.6;

    /// <summary>Tolerance of the correlation score, or null to only report it.</summary>
    public Tolerance? Score { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("score", Quantity.Ratio, Score)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new TemplateFixtureTool(this);

    /// <summary>Reads <c>template</c>, <c>mask</c>, <c>origin</c>, <c>angleMin</c>, <c>angleMax</c>, <c>minScore</c> and the <c>score</c> tolerance.</summary>
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

        return new TemplateFixtureSettings
        {
            Common = r.Common,
            Template = template ?? TemplateImage.Missing,
            AngleMinDeg = min,
            AngleMaxDeg = max,
            MinScore = s.Number("minScore", 0.6, 0, 1),
            Score = r.Tolerance("score", Quantity.Ratio),
        };
    }
}

/// <summary>Runs <see cref="TemplateLocator"/>; the pose's size is the template's size times the match's scale.</summary>
public sealed class TemplateFixtureTool : LocateTool
{
    private readonly TemplateLocator _locator;
    private readonly double _cols;
    private readonly double _rows;
    private LocateMatch _match;

    /// <summary>Creates the tool, loading and training the template.</summary>
    public TemplateFixtureTool(TemplateFixtureSettings settings)
        : base(settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var t = settings.Template;
        var (template, mask) = t.Load();
        using (template)
        using (mask)
        {
            var options = new TemplateLocatorOptions { AngleMinDeg = settings.AngleMinDeg, AngleMaxDeg = settings.AngleMaxDeg, MinScore = settings.MinScore };
            _locator = new TemplateLocator(template, options, mask, new Point2d(t.OriginX, t.OriginY));
        }

        (_cols, _rows) = (t.Cols, t.Rows);
    }

    /// <summary>The match on the current frame.</summary>
    public LocateMatch Match => _match;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _match = _locator.Locate(context.Gray);
        Pose = _match.ToPose(_cols * _match.Scale, _rows * _match.Scale);
        if (!_match.Found)
        {
            return ToolStatus.NotFound;
        }

        Slot(0).Set(_match.Score);
        return ToolStatus.Pass;
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
