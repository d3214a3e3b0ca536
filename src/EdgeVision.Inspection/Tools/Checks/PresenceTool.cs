using System.Globalization;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Checks;

/// <summary>
/// Presence/absence in a region: how many gray pixels fall in a band [low, high], their share of the region, and the
/// region's mean and standard deviation; tolerances on any of them decide (typically a least share of part pixels).
/// </summary>
public sealed record PresenceSettings : ToolSettings
{
    /// <summary>Darkest gray level that counts as the part (inclusive).</summary>
    public byte Low { get; init; }

    /// <summary>Brightest gray level that counts as the part (inclusive).</summary>
    public byte High { get; init; } = 255;

    /// <summary>Tolerance of the number of in-band pixels, or null.</summary>
    public Tolerance? Pixels { get; init; }

    /// <summary>Tolerance of the in-band share of the region (0–1), or null.</summary>
    public Tolerance? Fraction { get; init; }

    /// <summary>Tolerance of the region's mean gray level, or null.</summary>
    public Tolerance? Mean { get; init; }

    /// <summary>Tolerance of the region's gray-level standard deviation, or null.</summary>
    public Tolerance? StdDev { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs =>
    [
        new("pixels", Quantity.Count, Pixels),
        new("fraction", Quantity.Ratio, Fraction),
        new("mean", Quantity.Intensity, Mean),
        new("stddev", Quantity.Intensity, StdDev),
    ];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new PresenceTool(this);

    /// <summary>Reads <c>low</c>, <c>high</c> (0–255) and the tolerances <c>pixels</c>, <c>fraction</c>, <c>mean</c>, <c>stddev</c>.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var low = s.WholeNumber("low", 0, 0, 255);
        var high = s.WholeNumber("high", 255, 0, 255);
        if (!s.Has("low") && !s.Has("high"))
        {
            r.Error("low", "is required (or high): the band of gray levels [low, high] that counts as the part");
        }
        else if (low > high)
        {
            r.Error("high", $"{high} is below low {low}: the band [low, high] would be empty");
        }

        var settings = new PresenceSettings
        {
            Common = r.Common,
            Low = (byte)low,
            High = (byte)high,
            Pixels = r.Tolerance("pixels", Quantity.Count),
            Fraction = r.Tolerance("fraction", Quantity.Ratio),
            Mean = r.Tolerance("mean", Quantity.Intensity),
            StdDev = r.Tolerance("stddev", Quantity.Intensity),
        };
        if (settings.Pixels is null && settings.Fraction is null && settings.Mean is null && settings.StdDev is null)
        {
            r.Error("fraction", "is required (or a tolerance on pixels, mean or stddev): a presence tool without a tolerance checks nothing");
        }

        return settings;
    }
}

/// <summary>
/// Runs <see cref="PresenceCheck"/> on the tool's placed region (through <see cref="RegionPixels"/>, so fixtured and
/// turned regions work). An axis-aligned region inside the image is read in place without allocating; a turned one is
/// resampled first, which costs OpenCvSharp's argument wrappers of one <c>WarpAffine</c> call.
/// </summary>
public sealed class PresenceTool : InspectionTool
{
    private readonly PresenceSettings _settings;
    private readonly RegionPixels _pixels = new();
    private RotatedRoi _placed;
    private PresenceResult _last;

    /// <summary>Creates the tool.</summary>
    public PresenceTool(PresenceSettings settings)
        : base(settings) => _settings = settings;

    /// <summary>The measurement on the current frame (no pixels when the region lay outside the image).</summary>
    public PresenceResult Measurement => _last;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _placed = context.Place(_settings);
        _last = _pixels.Take(context.Gray, _placed)
            ? PresenceCheck.Measure(_pixels.Source, _pixels.Region, _settings.Low, _settings.High, _pixels.Mask)
            : default;
        Slot(0).Set(_last.InBandCount);
        if (_last.PixelCount == 0)
        {
            // Nothing of the region is in view: the part cannot be shown present.
            return ToolStatus.Fail;
        }

        Slot(1).Set(_last.InBandFraction);
        Slot(2).Set(_last.Mean);
        Slot(3).Set(_last.StdDev);
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

        var label = _last.PixelCount == 0
            ? $"{Name} outside the image"
            : string.Create(CultureInfo.InvariantCulture, $"{Name} {_last.InBandFraction * 100:F0}% (mean {_last.Mean:F0})");
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
