using System.Globalization;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Color;
using EdgeVision.Vision.Geometry;

namespace EdgeVision.Inspection.Tools.Checks;

/// <summary>
/// Colour check of a region of the colour image: the mean CIELAB colour compared with a reference by ΔE00
/// (CIEDE2000), with optional tolerances on L*, a*, b* and on the spread of the pixels about their mean.
/// </summary>
public sealed record ColorSettings : ToolSettings
{
    /// <summary>The colour the region should have.</summary>
    public required Lab Reference { get; init; }

    /// <summary>Largest ΔE00 of the region's mean from <see cref="Reference"/> that passes.</summary>
    public required double MaxDeltaE { get; init; }

    /// <summary>Whether the spread (mean ΔE00 of the pixels from the mean colour) is measured: a second, costly pass.</summary>
    public bool MeasureSpread { get; init; }

    /// <summary>Tolerance of the mean L*, or null.</summary>
    public Tolerance? L { get; init; }

    /// <summary>Tolerance of the mean a*, or null.</summary>
    public Tolerance? A { get; init; }

    /// <summary>Tolerance of the mean b*, or null.</summary>
    public Tolerance? B { get; init; }

    /// <summary>Tolerance of the spread, or null (needs <see cref="MeasureSpread"/>).</summary>
    public Tolerance? Spread { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs
    {
        get
        {
            var deltaE = new OutputSpec("deltaE", Quantity.Color, new Tolerance(0, 0, MaxDeltaE));
            OutputSpec l = new("L", Quantity.Color, L), a = new("a", Quantity.Color, A), b = new("b", Quantity.Color, B);
            return MeasureSpread ? [deltaE, l, a, b, new("spread", Quantity.Color, Spread)] : [deltaE, l, a, b];
        }
    }

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new ColorTool(this);

    /// <summary>
    /// Reads <c>reference</c> ({L, a, b}) or <c>referenceRgb</c> ([r, g, b], 8-bit sRGB), <c>maxDeltaE</c>,
    /// <c>measureSpread</c> and the tolerances <c>L</c>, <c>a</c>, <c>b</c>, <c>spread</c>.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var reference = ReadReference(r);
        var maxDeltaE = s.Number("maxDeltaE", 0, 0, 100);
        if (!s.Has("maxDeltaE"))
        {
            r.Error("maxDeltaE", "is required: the largest ΔE00 of the region's mean colour from the reference that passes");
        }

        var measureSpread = s.Bool("measureSpread", false);
        var spread = r.Tolerance("spread", Quantity.Color);
        if (spread is not null && !measureSpread)
        {
            r.Error("spread", "needs \"measureSpread\": true (the spread is only measured on request)");
        }

        return new ColorSettings
        {
            Common = r.Common,
            Reference = reference,
            MaxDeltaE = maxDeltaE,
            MeasureSpread = measureSpread,
            L = r.Tolerance("L", Quantity.Color),
            A = r.Tolerance("a", Quantity.Color),
            B = r.Tolerance("b", Quantity.Color),
            Spread = spread,
        };
    }

    private static Lab ReadReference(ToolReader r)
    {
        var s = r.Section;
        var hasLab = s.Has("reference");
        var hasRgb = s.Has("referenceRgb");
        if (hasLab == hasRgb)
        {
            r.Error("reference", hasLab
                ? "is given together with referenceRgb: give one of them"
                : "is required ({ \"L\": …, \"a\": …, \"b\": … }), or referenceRgb ([r, g, b] in 8-bit sRGB)");
            return default;
        }

        if (hasLab)
        {
            var lab = s.Section("reference");
            if (lab is null)
            {
                return default;
            }

            foreach (var key in (ReadOnlySpan<string>)["L", "a", "b"])
            {
                if (!lab.Has(key))
                {
                    lab.Errors.Add(lab.PathOf(key), "is required");
                }
            }

            var result = new Lab(lab.Number("L", 50, 0, 100), lab.Number("a", 0, -200, 200), lab.Number("b", 0, -200, 200));
            lab.RejectUnknownKeys();
            return result;
        }

        var rgb = s.Numbers("referenceRgb", 3);
        if (rgb is null)
        {
            return default;
        }

        for (var i = 0; i < 3; i++)
        {
            if (rgb[i] is < 0 or > 255)
            {
                s.Errors.Add($"{s.PathOf("referenceRgb")}[{i}]", $"{rgb[i].ToString(CultureInfo.InvariantCulture)} is out of range [0, 255]");
                return default;
            }
        }

        return LabColor.FromLinearRgb(LabColor.SrgbToLinear(rgb[0] / 255), LabColor.SrgbToLinear(rgb[1] / 255), LabColor.SrgbToLinear(rgb[2] / 255));
    }
}

/// <summary>
/// Runs <see cref="ColorStatistics"/> on the tool's placed region of the colour image (through
/// <see cref="RegionPixels"/>, so fixtured and turned regions work) and compares the mean with the reference.
/// Allocation-free on an axis-aligned region inside the image; a turned region costs one resampling call's wrappers.
/// </summary>
public sealed class ColorTool : InspectionTool
{
    private readonly ColorSettings _settings;
    private readonly RegionPixels _pixels = new();
    private RotatedRoi _placed;
    private ColorStats _last;
    private double _deltaE = double.NaN;

    /// <summary>Creates the tool.</summary>
    public ColorTool(ColorSettings settings)
        : base(settings) => _settings = settings;

    /// <summary>The statistics on the current frame (no pixels when the region lay outside the image).</summary>
    public ColorStats Statistics => _last;

    /// <summary>ΔE00 of the mean colour from the reference on the current frame (NaN when not measured).</summary>
    public double DeltaE => _deltaE;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _placed = context.Place(_settings);
        _deltaE = double.NaN;
        _last = _pixels.Take(context.Color, _placed)
            ? ColorStatistics.Measure(_pixels.Source, _pixels.Region, _pixels.Mask, _settings.MeasureSpread)
            : default;
        if (_last.PixelCount == 0)
        {
            return ToolStatus.Fail;
        }

        var mean = _last.Mean;
        _deltaE = LabColor.DeltaE2000(mean, _settings.Reference);
        Slot(0).Set(_deltaE);
        Slot(1).Set(mean.L);
        Slot(2).Set(mean.A);
        Slot(3).Set(mean.B);
        if (_settings.MeasureSpread)
        {
            Slot(4).Set(_last.MeanDeltaE00);
        }

        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (Status == ToolStatus.Skipped)
        {
            return;
        }

        // "dE" rather than "ΔE": the overlay's Hershey fonts draw ASCII only.
        var label = _last.PixelCount == 0
            ? $"{Name} outside the image"
            : string.Create(CultureInfo.InvariantCulture, $"{Name} dE {_deltaE:F1}");
        shapes.Add(new OverlayShape(ShapeKind.Box, Tone, _placed.X, _placed.Y, _placed.Length, _placed.Width, _placed.AngleDeg, label));
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pixels.Dispose();
        }

        base.Dispose(disposing);
    }
}
