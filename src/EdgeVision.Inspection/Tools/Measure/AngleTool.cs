using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// The angle between two lines found by earlier tools, or between one line and the part's length axis when
/// <see cref="To"/> is omitted (the recipe then needs a fixture). Lines are taken as undirected, so the angle lies in
/// [0, 90] degrees: 0 for parallel lines, 90 for perpendicular ones.
/// </summary>
public sealed record AngleSettings : ToolSettings
{
    /// <summary>Name of the first line tool.</summary>
    public required string From { get; init; }

    /// <summary>Name of the second line tool, or null to measure against the part's length axis.</summary>
    public string? To { get; init; }

    /// <summary>Tolerance of the angle in degrees, or null to only report it.</summary>
    public Tolerance? Angle { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Inputs => To is null ? [From] : [From, To];

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("angle", Quantity.Angle, Angle)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new AngleTool(this);

    /// <summary>Reads an angle tool: <c>from</c>, optional <c>to</c> (earlier line tools) and the <c>angle</c> tolerance.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var from = r.Input("from");
        MeasureReading.CheckFeature(r, "from", from, GeometryKind.Line, "an angle needs line tools");
        string? to = null;
        if (r.Section.Text("to", null) is not null)
        {
            to = r.Input("to");
            MeasureReading.CheckFeature(r, "to", to, GeometryKind.Line, "an angle needs line tools");
            if (from.Length > 0 && from == to)
            {
                r.Error("to", $"names the same tool as from ('{to}'); an angle needs two lines");
            }
        }
        else if (!r.Common.Fixtured)
        {
            r.Error("to", "is required when the tool is not fixtured: without a second line the angle is measured against the part's axis, which needs a fixture");
        }

        return new AngleSettings
        {
            Common = r.Common,
            From = from,
            To = to,
            Angle = r.Tolerance("angle", Quantity.Angle),
        };
    }
}

/// <summary>Measures the angle between two lines (or a line and the part's axis); NotFound when a line is missing.</summary>
public sealed class AngleTool : InspectionTool
{
    private readonly AngleSettings _settings;
    private IGeometrySource? _from;
    private IGeometrySource? _to;
    private FittedLine _a;
    private FittedLine _b;
    private bool _measured;

    /// <summary>Creates the tool.</summary>
    public AngleTool(AngleSettings settings)
        : base(settings) => _settings = settings;

    /// <inheritdoc/>
    public override void Bind(Func<string, InspectionTool> find)
    {
        _from = MeasureReading.Source(find, _settings.From, Name);
        _to = _settings.To is null ? null : MeasureReading.Source(find, _settings.To, Name);
    }

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _measured = false;
        if (_from is null || !_from.TryGetGeometry(out var a) || a.Kind != GeometryKind.Line)
        {
            return ToolStatus.NotFound;
        }

        _a = DistanceTool.AsLine(a);
        if (_to is null)
        {
            var pose = context.Pose;
            var radians = pose.AngleDeg * Math.PI / 180;
            _b = new FittedLine(pose.X, pose.Y, Math.Cos(radians), Math.Sin(radians), 0, 0);
        }
        else if (_to.TryGetGeometry(out var b) && b.Kind == GeometryKind.Line)
        {
            _b = DistanceTool.AsLine(b);
        }
        else
        {
            return ToolStatus.NotFound;
        }

        _measured = true;
        Slot(0).Set(GeometryMath.AngleBetweenDeg(_a, _b));
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shapes);
        if (!_measured || Status == ToolStatus.Skipped)
        {
            return;
        }

        // Mark the vertex where the lines cross when it is in the image, else halfway between their anchors.
        Point2d anchorA = new(_a.X0, _a.Y0), anchorB = new(_b.X0, _b.Y0);
        var vertex = new Point2d((anchorA.X + anchorB.X) / 2, (anchorA.Y + anchorB.Y) / 2);
        var gray = context.Gray;
        if (GeometryMath.TryIntersect(_a, _b, out var crossing) && gray is not null && crossing.X >= 0 && crossing.Y >= 0 && crossing.X < gray.Cols && crossing.Y < gray.Rows)
        {
            vertex = crossing;
            shapes.Add(new OverlayShape(ShapeKind.Segment, ShapeTone.Region, vertex.X, vertex.Y, anchorA.X, anchorA.Y, 0));
            shapes.Add(new OverlayShape(ShapeKind.Segment, ShapeTone.Region, vertex.X, vertex.Y, anchorB.X, anchorB.Y, 0));
        }

        var label = MeasureReading.Label(Name, Slots[0].Value, context.Units.UnitOf(Quantity.Angle));
        shapes.Add(new OverlayShape(ShapeKind.Marker, Tone, vertex.X, vertex.Y, 12, 0, 0, label));
    }
}
