using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools;

/// <summary>
/// Surface defect search on the located part: dark marks (scratches, spots) inside the part's rectangle shrunk by a
/// margin, ignoring the circles found by earlier tools (holes). Needs a blob fixture, whose rectangle it searches.
/// </summary>
public sealed record SurfaceSettings : ToolSettings
{
    /// <summary>Distance in pixels kept from the part's outline.</summary>
    public double EdgeMargin { get; init; } = 8;

    /// <summary>Earlier circle tools whose circles are excluded from the search.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Extra radius in pixels around each excluded circle.</summary>
    public double ExcludeMargin { get; init; } = 6;

    /// <summary>How much darker than the local surface a pixel must be to count.</summary>
    public double Contrast { get; init; } = 40;

    /// <summary>Smallest mark, in pixels, that counts as a defect.</summary>
    public int MinArea { get; init; } = 20;

    /// <summary>Allowed number of defects (default: at most 0).</summary>
    public required Tolerance Count { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Inputs => Exclude;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("count", Quantity.Count, Count)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new SurfaceTool(this);

    /// <summary>Reads the surface search parameters.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var exclude = s.Strings("exclude");
        foreach (var name in exclude)
        {
            if (r.Earlier(name) is not { } earlier)
            {
                r.Error("exclude", $"'{name}' is not the name of an earlier tool");
            }
            else if (earlier.Geometry != GeometryKind.Circle)
            {
                r.Error("exclude", $"'{name}' is a {earlier.Type} tool, which gives no circle to exclude");
            }
        }

        return new SurfaceSettings
        {
            Common = r.Common,
            EdgeMargin = s.Number("edgeMargin", 8, 0, 1000),
            Exclude = exclude,
            ExcludeMargin = s.Number("excludeMargin", 6, 0, 1000),
            Contrast = s.Number("contrast", 40, 1, 255),
            MinArea = s.WholeNumber("minArea", 20, 1),
            Count = r.Tolerance("count", Quantity.Count) ?? new Tolerance(0, 0, 0),
        };
    }
}

/// <summary>Runs <see cref="SurfaceInspector"/> on the fixture's rectangle.</summary>
public sealed class SurfaceTool : InspectionTool
{
    /// <summary>Largest number of defects listed per frame (more are counted).</summary>
    public const int MaxListed = 16;

    private readonly SurfaceSettings _settings;
    private readonly SurfaceInspector _inspector = new();
    private readonly SurfaceDefect[] _found = new SurfaceDefect[MaxListed];
    private readonly ExcludedCircle[] _excluded;
    private IGeometrySource[] _sources = [];
    private int _count;

    /// <summary>Creates the tool.</summary>
    public SurfaceTool(SurfaceSettings settings)
        : base(settings)
    {
        _settings = settings;
        _excluded = new ExcludedCircle[settings.Exclude.Count];
    }

    /// <inheritdoc/>
    public override void Bind(Func<string, InspectionTool> find)
    {
        ArgumentNullException.ThrowIfNull(find);
        _sources = new IGeometrySource[_settings.Exclude.Count];
        for (var i = 0; i < _sources.Length; i++)
        {
            _sources[i] = find(_settings.Exclude[i]) as IGeometrySource
                ?? throw new InvalidOperationException($"tool '{_settings.Exclude[i]}' gives no geometry to exclude");
        }
    }

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        var n = 0;
        foreach (var source in _sources)
        {
            if (source.TryGetGeometry(out var g) && g.Kind == GeometryKind.Circle)
            {
                _excluded[n++] = new ExcludedCircle(g.X, g.Y, g.R + _settings.ExcludeMargin);
            }
            else if (source is HoleTool hole)
            {
                // A missing or unmeasured hole is still not surface: exclude its nominal circle where it should be.
                var roi = context.Place(hole.Settings);
                _excluded[n++] = new ExcludedCircle(roi.X, roi.Y, (roi.Length / 2) + _settings.ExcludeMargin);
            }
        }

        var pose = context.Pose;
        _count = _inspector.Inspect(context.Gray, pose, _settings.EdgeMargin, _excluded.AsSpan(0, n), _settings.Contrast, _settings.MinArea, _found);
        Slot(0).Set(_count);
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        for (var i = 0; i < Math.Min(_count, MaxListed); i++)
        {
            var d = _found[i];
            shapes.Add(new OverlayShape(ShapeKind.Box, ShapeTone.Fail, d.X + (d.Width / 2.0), d.Y + (d.Height / 2.0), d.Width + 6, d.Height + 6, 0, d.Kind == DefectKind.Scratch ? "scratch" : "spot"));
        }
    }

    /// <inheritdoc/>
    public override void DescribeDefects(List<DefectResult> defects)
    {
        ArgumentNullException.ThrowIfNull(defects);
        for (var i = 0; i < Math.Min(_count, MaxListed); i++)
        {
            var d = _found[i];
            defects.Add(new DefectResult(d.Kind == DefectKind.Scratch ? "scratch" : "spot", d.X, d.Y, d.Width, d.Height, d.Area));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inspector.Dispose();
        }

        base.Dispose(disposing);
    }
}
