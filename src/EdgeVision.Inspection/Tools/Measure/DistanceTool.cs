using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// The distance between the features two earlier tools found (<see cref="IGeometrySource"/>): point to point, point to
/// line (perpendicular, either order), line to line (from the first line's anchor, the point of it nearest its region's
/// centre, perpendicular to the second). Circles count as their centres; a fixture counts as the part's centre.
/// </summary>
public sealed record DistanceSettings : ToolSettings
{
    /// <summary>Name of the tool whose feature the distance is measured from.</summary>
    public required string From { get; init; }

    /// <summary>Name of the tool whose feature the distance is measured to.</summary>
    public required string To { get; init; }

    /// <summary>Tolerance of the distance, or null to only report it.</summary>
    public Tolerance? Distance { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Inputs => [From, To];

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("distance", Quantity.Length, Distance)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new DistanceTool(this);

    /// <summary>Reads a distance tool: <c>from</c>, <c>to</c> (earlier tools) and the <c>distance</c> tolerance.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var from = r.Input("from");
        var to = r.Input("to");
        MeasureReading.CheckFeature(r, "from", from, null, "a distance needs points, lines or circles");
        MeasureReading.CheckFeature(r, "to", to, null, "a distance needs points, lines or circles");
        if (from.Length > 0 && from == to)
        {
            r.Error("to", $"names the same tool as from ('{to}'); a distance needs two features");
        }

        return new DistanceSettings
        {
            Common = r.Common,
            From = from,
            To = to,
            Distance = r.Tolerance("distance", Quantity.Length),
        };
    }
}

/// <summary>Measures the distance between two earlier tools' features; NotFound when either found nothing.</summary>
public sealed class DistanceTool : InspectionTool
{
    private readonly DistanceSettings _settings;
    private IGeometrySource? _from;
    private IGeometrySource? _to;
    private Point2d _a;
    private Point2d _b;
    private bool _measured;

    /// <summary>Creates the tool.</summary>
    public DistanceTool(DistanceSettings settings)
        : base(settings) => _settings = settings;

    /// <summary>The two closest points measured between on the current frame, in image pixels.</summary>
    public (Point2d From, Point2d To) Ends => (_a, _b);

    /// <inheritdoc/>
    public override void Bind(Func<string, InspectionTool> find)
    {
        _from = MeasureReading.Source(find, _settings.From, Name);
        _to = MeasureReading.Source(find, _settings.To, Name);
    }

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _measured = false;
        if (_from is null || _to is null || !_from.TryGetGeometry(out var a) || !_to.TryGetGeometry(out var b))
        {
            return ToolStatus.NotFound;
        }

        (_a, _b) = Closest(a, b);
        _measured = true;
        Slot(0).Set(GeometryMath.Distance(_a, _b), context.Units, (_a.X + _b.X) / 2, (_a.Y + _b.Y) / 2);
        return ToolStatus.Pass;
    }

    /// <summary>
    /// The point on <paramref name="a"/> and the point on <paramref name="b"/> the distance runs between: a line
    /// stands for its anchor unless it is the target of a perpendicular, and a circle for its centre.
    /// </summary>
    internal static (Point2d A, Point2d B) Closest(in ToolGeometry a, in ToolGeometry b)
    {
        Point2d pa = new(a.X, a.Y), pb = new(b.X, b.Y);
        if (b.Kind == GeometryKind.Line)
        {
            return (pa, AsLine(b).Project(pa));
        }

        if (a.Kind == GeometryKind.Line)
        {
            return (AsLine(a).Project(pb), pb);
        }

        return (pa, pb);
    }

    /// <summary>A line feature as a <see cref="FittedLine"/>.</summary>
    internal static FittedLine AsLine(in ToolGeometry g) => new(g.X, g.Y, g.Dx, g.Dy, 0, 0);

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shapes);
        if (!_measured || Status == ToolStatus.Skipped)
        {
            return;
        }

        var label = MeasureReading.Label(Name, Slots[0].Value, context.Units.UnitOf(Quantity.Length));
        shapes.Add(new OverlayShape(ShapeKind.Segment, Tone, _a.X, _a.Y, _b.X, _b.Y, 0, label));
        shapes.Add(new OverlayShape(ShapeKind.Dot, Tone, _a.X, _a.Y, 0, 0, 0));
        shapes.Add(new OverlayShape(ShapeKind.Dot, Tone, _b.X, _b.Y, 0, 0, 0));
    }
}
