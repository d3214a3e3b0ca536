using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools;

/// <summary>A hole gauge: a dark round hole expected at (x, y), its diameter measured to sub-pixel by gray-level area.</summary>
public sealed record HoleSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Circle;

    /// <summary>Diameter tolerance; its nominal also sizes the search (in report units).</summary>
    public required Tolerance Diameter { get; init; }

    /// <summary>Nominal diameter in pixels (the search size).</summary>
    public required double NominalPixels { get; init; }

    /// <summary>Least gray-level difference between plate and hole for the hole to count as present.</summary>
    public double MinContrast { get; init; } = 40;

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("diameter", Quantity.Length, Diameter)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new HoleTool(this);

    /// <summary>Reads a hole gauge: <c>x</c>, <c>y</c> (centre), <c>diameter</c> (tolerance), <c>nominalPx</c> (search size; required on calibrated recipes, else the nominal diameter), <c>minContrast</c>.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var x = s.Number("x", 0, -100_000, 100_000);
        var y = s.Number("y", 0, -100_000, 100_000);
        var diameter = r.Tolerance("diameter", Quantity.Length, required: true) ?? new Tolerance(10, 0, 0);
        var nominalPx = s.Number("nominalPx", diameter.Nominal, 0);
        if (r.Units.IsCalibrated && !s.Has("nominalPx"))
        {
            r.Error("nominalPx", "is required on a calibrated recipe: the hole's nominal diameter in pixels sizes the search");
        }

        if (nominalPx <= 2 && s.Has("diameter"))
        {
            r.Error(s.Has("nominalPx") ? "nominalPx" : "diameter.nominal", "a hole must be more than 2 px across");
        }

        return new HoleSettings
        {
            Common = r.Common with { Roi = new RotatedRoi(x, y, nominalPx, nominalPx, 0) },
            Diameter = diameter,
            NominalPixels = nominalPx,
            MinContrast = s.Number("minContrast", 40, 1, 255),
        };
    }
}

/// <summary>Runs <see cref="HoleGauge"/> at the hole's fixtured position.</summary>
public sealed class HoleTool : InspectionTool, IGeometrySource
{
    private readonly HoleSettings _settings;
    private HoleMeasurement _last;
    private double _expectedX;
    private double _expectedY;

    /// <summary>Creates the tool.</summary>
    public HoleTool(HoleSettings settings)
        : base(settings) => _settings = settings;

    /// <summary>The measurement on the current frame.</summary>
    public HoleMeasurement Measurement => _last;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        var roi = context.Place(_settings);
        (_expectedX, _expectedY) = (roi.X, roi.Y);
        _last = HoleGauge.Measure(context.Gray, roi.X, roi.Y, _settings.NominalPixels, _settings.MinContrast);
        if (!_last.Present)
        {
            return ToolStatus.NotFound;
        }

        Slot(0).Set(_last.Diameter, context.Units, _last.X, _last.Y);
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public bool TryGetGeometry(out ToolGeometry geometry)
    {
        geometry = new ToolGeometry(GeometryKind.Circle, _last.X, _last.Y, 1, 0, _last.Diameter / 2);
        return Status is ToolStatus.Pass or ToolStatus.Fail && _last.Present;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (Status == ToolStatus.Skipped)
        {
            return;
        }

        var slot = Slots[0];
        var present = _last.Present;
        var radius = (present ? _last.Diameter : _settings.NominalPixels) / 2;
        var label = present ? $"{Name} {slot.Value:F2} {context.Units.UnitOf(Quantity.Length)}" : $"{Name} missing";
        shapes.Add(new OverlayShape(ShapeKind.Circle, Tone, present ? _last.X : _expectedX, present ? _last.Y : _expectedY, radius, 0, 0, label));
    }

    /// <inheritdoc/>
    public override void DescribeDefects(List<DefectResult> defects)
    {
        ArgumentNullException.ThrowIfNull(defects);
        if (Status is ToolStatus.Fail or ToolStatus.NotFound)
        {
            var r = (int)Math.Ceiling(Math.Max(_last.Present ? _last.Diameter : 0, _settings.NominalPixels) / 2);
            double x = _last.Present ? _last.X : _expectedX, y = _last.Present ? _last.Y : _expectedY;
            defects.Add(new DefectResult(_last.Present ? "hole-diameter" : "hole-missing", (int)x - r, (int)y - r, (2 * r) + 1, (2 * r) + 1, 0));
        }
    }
}
