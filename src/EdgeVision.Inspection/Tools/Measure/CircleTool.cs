using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// Finds a circle with radial calipers (<see cref="CaliperArray.AroundCircle(Caliper, Mat, Point2d, double, int, in EdgeSearch, Span{Point2d})"/>)
/// around the placed nominal circle and fits it with <see cref="CircleFit"/>'s RANSAC. Reports the diameter, the
/// roundness (largest minus smallest distance of the inlier points from the fitted centre) and the offset of the
/// fitted centre from the nominal one. Its geometry is the fitted circle.
/// </summary>
public sealed class CircleTool : InspectionTool, IGeometrySource
{
    /// <summary>RANSAC candidate circles tried per frame.</summary>
    private const int Iterations = 100;

    /// <summary>Fixed RANSAC seed: the same image gives the same circle.</summary>
    private const int Seed = 29;

    private readonly CircleSettings _settings;
    private readonly Caliper _caliper;
    private readonly Point2d[] _points;
    private readonly bool[] _inliers;
    private Point2d _nominal;
    private FittedCircle _circle;
    private int _count;
    private bool _fitted;

    /// <summary>Creates the tool, its caliper and its point buffers.</summary>
    public CircleTool(CircleSettings settings)
        : base(settings)
    {
        _settings = settings;
        _caliper = new Caliper(settings.Sigma);
        _points = new Point2d[settings.Calipers];
        _inliers = new bool[settings.Calipers];
    }

    /// <summary>The circle fitted on the current frame, in image pixels.</summary>
    public FittedCircle Circle => _circle;

    /// <summary>The edge points found on the current frame, in image pixels.</summary>
    public ReadOnlySpan<Point2d> Points => _points.AsSpan(0, _count);

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        var s = _settings;
        var placed = context.Place(s);
        _nominal = new Point2d(placed.X, placed.Y);
        _fitted = false;
        var search = new EdgeSearch(s.SearchLength, s.CalipersWidth, s.Polarity, s.MinStrength);
        _count = Math.Min(CaliperArray.AroundCircle(_caliper, context.Gray, _nominal, s.Radius, s.Calipers, search, _points.AsSpan()), _points.Length);
        if (_count < s.MinPoints)
        {
            return ToolStatus.NotFound;
        }

        var points = _points.AsSpan(0, _count);
        if (!CircleFit.TryFit(points, s.InlierDistance, Iterations, Seed, _inliers.AsSpan(0, _count), out _circle) || _circle.Inliers < s.MinPoints)
        {
            return ToolStatus.NotFound;
        }

        _fitted = true;
        var (x, y) = (_circle.X, _circle.Y);
        Slot(0).Set(_circle.Diameter, context.Units, x, y);
        Slot(1).Set(_circle.Roundness, context.Units, x, y);
        Slot(2).Set(GeometryMath.Distance(_nominal, _circle.Centre), context.Units, x, y);
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public bool TryGetGeometry(out ToolGeometry geometry)
    {
        geometry = new ToolGeometry(GeometryKind.Circle, _circle.X, _circle.Y, 1, 0, _circle.Radius);
        return _fitted && Status is ToolStatus.Pass or ToolStatus.Fail;
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

        shapes.Add(new OverlayShape(ShapeKind.Circle, ShapeTone.Region, _nominal.X, _nominal.Y, _settings.Radius, 0, 0, _fitted ? null : $"{Name} not found ({_count} points)"));
        for (var i = 0; i < _count; i++)
        {
            var outlier = _fitted && !_inliers[i];
            shapes.Add(new OverlayShape(ShapeKind.Dot, outlier ? ShapeTone.Fail : ShapeTone.Region, _points[i].X, _points[i].Y, 0, 0, 0));
        }

        if (_fitted)
        {
            var label = MeasureReading.Label(Name + " Ø", Slots[0].Value, context.Units.UnitOf(Quantity.Length));
            shapes.Add(new OverlayShape(ShapeKind.Circle, Tone, _circle.X, _circle.Y, _circle.Radius, 0, 0, label));
            shapes.Add(new OverlayShape(ShapeKind.Marker, Tone, _circle.X, _circle.Y, Math.Min(10, _circle.Radius / 2), 0, 0));
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
}
