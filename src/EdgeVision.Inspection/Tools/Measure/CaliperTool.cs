using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// Runs a <see cref="Caliper"/> in the tool's placed region. Its geometry is the point found (the edge, or the pair's
/// centre) with the caliper's search direction, for distance tools.
/// </summary>
public sealed class CaliperTool : InspectionTool, IGeometrySource
{
    private readonly CaliperSettings _settings;
    private readonly Caliper _caliper;
    private RotatedRoi _placed;
    private EdgePoint _edge;
    private EdgePair _pair;
    private bool _found;

    /// <summary>Creates the tool and its caliper.</summary>
    public CaliperTool(CaliperSettings settings)
        : base(settings)
    {
        _settings = settings;
        _caliper = new Caliper(settings.Sigma);
    }

    /// <summary>The region searched on the current frame, in image pixels.</summary>
    public RotatedRoi Placed => _placed;

    /// <summary>The edge found on the current frame (edge mode).</summary>
    public EdgePoint Edge => _edge;

    /// <summary>The pair found on the current frame (pair mode).</summary>
    public EdgePair Pair => _pair;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _placed = context.Place(_settings);
        _found = false;
        var s = _settings;
        if (s.Mode == CaliperMode.Edge)
        {
            if (!_caliper.FindStrongestEdge(context.Gray, _placed, s.Polarity, s.MinStrength, out _edge))
            {
                return ToolStatus.NotFound;
            }

            _found = true;
            Slot(0).Set(_edge.Position, context.Units, _edge.X, _edge.Y);
            return ToolStatus.Pass;
        }

        if (!_caliper.FindPair(context.Gray, _placed, s.First, s.Second, s.MinStrength, s.ExpectedWidth, out _pair))
        {
            return ToolStatus.NotFound;
        }

        _found = true;
        var centre = _pair.Centre;
        Slot(0).Set(_pair.Width, context.Units, centre.X, centre.Y);
        Slot(1).Set(_pair.CentrePosition, context.Units, centre.X, centre.Y);
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public bool TryGetGeometry(out ToolGeometry geometry)
    {
        var (dx, dy) = _placed.AxisU;
        var (x, y) = _settings.Mode == CaliperMode.Edge ? (_edge.X, _edge.Y) : (_pair.Centre.X, _pair.Centre.Y);
        geometry = new ToolGeometry(GeometryKind.Point, x, y, dx, dy, 0);
        return _found && Status is ToolStatus.Pass or ToolStatus.Fail;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(shapes);
        if (Status == ToolStatus.Skipped)
        {
            return;
        }

        var roi = _placed;
        shapes.Add(new OverlayShape(ShapeKind.Box, ShapeTone.Region, roi.X, roi.Y, roi.Length, roi.Width, roi.AngleDeg, _found ? null : $"{Name} not found"));
        if (!_found)
        {
            return;
        }

        var label = MeasureReading.Label(Name, Slots[0].Value, context.Units.UnitOf(Quantity.Length));
        if (_settings.Mode == CaliperMode.Edge)
        {
            AddEdge(shapes, roi, _edge.Position, label);
        }
        else
        {
            AddEdge(shapes, roi, _pair.First.Position, null);
            AddEdge(shapes, roi, _pair.Second.Position, label);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _caliper.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A short segment across the caliper at <paramref name="position"/> along its length.</summary>
    private void AddEdge(List<OverlayShape> shapes, in RotatedRoi roi, double position, string? label)
    {
        var (x0, y0) = roi.ToImage(position, -roi.Width / 2);
        var (x1, y1) = roi.ToImage(position, roi.Width / 2);
        shapes.Add(new OverlayShape(ShapeKind.Segment, Tone, x0, y0, x1, y1, 0, label));
    }
}
