using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// Finds a straight edge with a <see cref="CaliperArray"/> across the placed region and fits it with
/// <see cref="LineFit"/>'s RANSAC. Reports:
/// <list type="bullet">
/// <item><c>angle</c>: the direction of the fitted line (which runs along the region's length axis) in degrees,
/// positive clockwise on screen, measured from the part's length axis when the tool is fixtured and from the image's
/// +x axis otherwise: the same frame the region's own angle is written in, so a line where the region expects it reads
/// close to the region's angle. The value is kept within ±180° of the region's angle.</item>
/// <item><c>straightness</c>: the largest minus the smallest signed distance of the inlier edge points from the line.</item>
/// <item><c>rms</c>: the root mean square distance of the inliers from the line.</item>
/// </list>
/// Its geometry is the fitted line, anchored at the point of the line nearest the region's centre.
/// </summary>
public sealed class LineTool : InspectionTool, IGeometrySource
{
    /// <summary>RANSAC candidate lines tried per frame.</summary>
    private const int Iterations = 100;

    /// <summary>Fixed RANSAC seed: the same image gives the same line.</summary>
    private const int Seed = 17;

    private readonly LineSettings _settings;
    private readonly Caliper _caliper;
    private readonly Point2d[] _points;
    private readonly bool[] _inliers;
    private RotatedRoi _placed;
    private FittedLine _line;
    private Point2d _anchor;
    private int _count;
    private bool _fitted;

    /// <summary>Creates the tool, its caliper and its point buffers.</summary>
    public LineTool(LineSettings settings)
        : base(settings)
    {
        _settings = settings;
        _caliper = new Caliper(settings.Sigma);
        _points = new Point2d[settings.Calipers];
        _inliers = new bool[settings.Calipers];
    }

    /// <summary>The line fitted on the current frame, in image pixels.</summary>
    public FittedLine Line => _line;

    /// <summary>The edge points found on the current frame, in image pixels.</summary>
    public ReadOnlySpan<Point2d> Points => _points.AsSpan(0, _count);

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        var s = _settings;
        var roi = _placed = context.Place(s);
        _fitted = false;
        var (x0, y0) = roi.ToImage(-roi.Length / 2, 0);
        var (x1, y1) = roi.ToImage(roi.Length / 2, 0);
        var search = new EdgeSearch(roi.Width, s.CalipersWidth, s.Polarity, s.MinStrength);
        _count = Math.Min(CaliperArray.AlongSegment(_caliper, context.Gray, new Point2d(x0, y0), new Point2d(x1, y1), s.Calipers, search, _points.AsSpan()), _points.Length);
        if (_count < s.MinPoints)
        {
            return ToolStatus.NotFound;
        }

        var points = _points.AsSpan(0, _count);
        var inliers = _inliers.AsSpan(0, _count);
        if (!LineFit.TryFit(points, s.InlierDistance, Iterations, Seed, inliers, out _line) || _line.Inliers < s.MinPoints)
        {
            return ToolStatus.NotFound;
        }

        _fitted = true;
        double low = double.MaxValue, high = double.MinValue;
        for (var i = 0; i < points.Length; i++)
        {
            if (inliers[i])
            {
                var d = _line.SignedDistance(points[i]);
                low = Math.Min(low, d);
                high = Math.Max(high, d);
            }
        }

        _anchor = _line.Project(new Point2d(roi.X, roi.Y));
        var reference = s.Fixtured ? context.Pose.AngleDeg : 0;
        Slot(0).Set(Near(_line.AngleDeg - reference, s.Roi.AngleDeg));
        Slot(1).Set(high - low, context.Units, _anchor.X, _anchor.Y);
        Slot(2).Set(_line.Rms, context.Units, _anchor.X, _anchor.Y);
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public bool TryGetGeometry(out ToolGeometry geometry)
    {
        geometry = new ToolGeometry(GeometryKind.Line, _anchor.X, _anchor.Y, _line.Dx, _line.Dy, 0);
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

        var roi = _placed;
        shapes.Add(new OverlayShape(ShapeKind.Box, ShapeTone.Region, roi.X, roi.Y, roi.Length, roi.Width, roi.AngleDeg, _fitted ? null : $"{Name} not found ({_count} points)"));
        for (var i = 0; i < _count; i++)
        {
            var outlier = _fitted && !_inliers[i];
            shapes.Add(new OverlayShape(ShapeKind.Dot, outlier ? ShapeTone.Fail : ShapeTone.Region, _points[i].X, _points[i].Y, 0, 0, 0));
        }

        if (_fitted)
        {
            var (x0, y0) = roi.ToImage(-roi.Length / 2, 0);
            var (x1, y1) = roi.ToImage(roi.Length / 2, 0);
            Point2d a = _line.Project(new Point2d(x0, y0)), b = _line.Project(new Point2d(x1, y1));
            var label = MeasureReading.Label(Name, Slots[0].Value, context.Units.UnitOf(Quantity.Angle));
            shapes.Add(new OverlayShape(ShapeKind.Segment, Tone, a.X, a.Y, b.X, b.Y, 0, label));
        }
    }

    /// <summary>The angle <paramref name="degrees"/> moved by whole turns into (reference − 180, reference + 180].</summary>
    internal static double Near(double degrees, double reference)
    {
        var d = (degrees - reference) % 360;
        if (d <= -180)
        {
            d += 360;
        }
        else if (d > 180)
        {
            d -= 360;
        }

        return reference + d;
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
