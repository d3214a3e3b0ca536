using System.Globalization;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Checks;

/// <summary>
/// Blob analysis in a region: dark (or light) blobs past a threshold, filtered by area, perimeter, circularity and
/// elongation; reports how many passed and the size and shape of the largest.
/// </summary>
public sealed record BlobToolSettings : ToolSettings
{
    /// <summary>Segmentation and filter for <see cref="BlobAnalyzer"/> (areas and perimeters in pixels).</summary>
    public required BlobSettings Analysis { get; init; }

    /// <summary>Tolerance of the number of blobs that pass the filter, or null.</summary>
    public Tolerance? Count { get; init; }

    /// <summary>Tolerance of the largest blob's area, or null.</summary>
    public Tolerance? Area { get; init; }

    /// <summary>Tolerance of the largest blob's perimeter, or null.</summary>
    public Tolerance? Perimeter { get; init; }

    /// <summary>Tolerance of the largest blob's circularity, or null.</summary>
    public Tolerance? Circularity { get; init; }

    /// <summary>Tolerance of the largest blob's elongation, or null.</summary>
    public Tolerance? Elongation { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs =>
    [
        new("count", Quantity.Count, Count),
        new("area", Quantity.Area, Area),
        new("perimeter", Quantity.Length, Perimeter),
        new("circularity", Quantity.Ratio, Circularity),
        new("elongation", Quantity.Ratio, Elongation),
    ];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new BlobTool(this);

    /// <summary>
    /// Reads <c>polarity</c>, <c>threshold</c> or <c>otsu</c>, the filter limits (<c>minArea</c>, <c>maxArea</c>,
    /// <c>minPerimeter</c>, <c>maxPerimeter</c>, <c>minCircularity</c>, <c>maxCircularity</c>, <c>minElongation</c>,
    /// <c>maxElongation</c>) and the tolerances <c>count</c>, <c>area</c>, <c>perimeter</c>, <c>circularity</c>,
    /// <c>elongation</c>.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var polarity = s.Choice("polarity", "dark", "dark", "light") == "dark" ? BlobPolarity.DarkOnLight : BlobPolarity.LightOnDark;
        var otsu = s.Bool("otsu", false);
        var threshold = s.Number("threshold", 128, 0, 255);
        if (otsu && s.Has("threshold"))
        {
            r.Error("threshold", "is given together with \"otsu\": true; give one of them");
        }

        var filter = new BlobFilter
        {
            MinArea = s.WholeNumber("minArea", 10, 1),
            MaxArea = s.Has("maxArea") ? s.WholeNumber("maxArea", int.MaxValue, 1) : null,
            MinPerimeter = Limit(s, "minPerimeter", 0, 1_000_000),
            MaxPerimeter = Limit(s, "maxPerimeter", 0, 1_000_000),
            MinCircularity = Limit(s, "minCircularity", 0, 1.5),
            MaxCircularity = Limit(s, "maxCircularity", 0, 1.5),
            MinElongation = Limit(s, "minElongation", 1, 1_000),
            MaxElongation = Limit(s, "maxElongation", 1, 1_000),
        };
        CheckOrder(r, "Area", filter.MinArea, filter.MaxArea);
        CheckOrder(r, "Perimeter", filter.MinPerimeter, filter.MaxPerimeter);
        CheckOrder(r, "Circularity", filter.MinCircularity, filter.MaxCircularity);
        CheckOrder(r, "Elongation", filter.MinElongation, filter.MaxElongation);
        var settings = new BlobToolSettings
        {
            Common = r.Common,
            Analysis = new BlobSettings { Polarity = polarity, Threshold = threshold, UseOtsu = otsu, Filter = filter },
            Count = r.Tolerance("count", Quantity.Count),
            Area = r.Tolerance("area", Quantity.Area),
            Perimeter = r.Tolerance("perimeter", Quantity.Length),
            Circularity = r.Tolerance("circularity", Quantity.Ratio),
            Elongation = r.Tolerance("elongation", Quantity.Ratio),
        };
        if (settings.Count is null && settings.Area is null && settings.Perimeter is null && settings.Circularity is null && settings.Elongation is null)
        {
            r.Error("count", "is required (or a tolerance on area, perimeter, circularity or elongation): a blob tool without a tolerance checks nothing");
        }

        return settings;
    }

    private static double? Limit(JsonSection s, string key, double min, double max) =>
        s.Has(key) ? s.Number(key, min, min, max) : null;

    private static void CheckOrder(ToolReader r, string name, double? min, double? max)
    {
        if (min is { } lo && max is { } hi && lo > hi)
        {
            r.Error("max" + name, $"{hi.ToString(CultureInfo.InvariantCulture)} is below min{name} {lo.ToString(CultureInfo.InvariantCulture)}: no blob could pass");
        }
    }
}

/// <summary>
/// Runs <see cref="BlobAnalyzer"/> on the tool's placed region, resampled upright by a <see cref="RoiSampler"/> so
/// fixtured and turned regions work. Pixels outside the image read as background. With no blob, the outputs of the
/// largest blob read 0 (so a tolerance such as a least area fails, and <c>count</c> alone can accept an empty region).
/// Allocates only OpenCvSharp's argument wrappers of the resampling and analysis calls.
/// </summary>
public sealed class BlobTool : InspectionTool
{
    /// <summary>Most blobs kept per frame for the overlay (more are counted).</summary>
    public const int MaxListed = 16;

    private readonly BlobToolSettings _settings;
    private readonly BlobAnalyzer _analyzer = new();
    private readonly RoiSampler _sampler = new();
    private readonly BlobFeatures[] _blobs = new BlobFeatures[MaxListed];
    private RotatedRoi _placed;
    private int _count;

    /// <summary>Creates the tool.</summary>
    public BlobTool(BlobToolSettings settings)
        : base(settings) => _settings = settings;

    /// <summary>The blobs kept on the current frame, largest first, in the coordinates of the upright patch.</summary>
    public ReadOnlySpan<BlobFeatures> Blobs => _blobs.AsSpan(0, Math.Min(_count, MaxListed));

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        _placed = context.Place(_settings);
        var analysis = _settings.Analysis;
        var background = analysis.Polarity == BlobPolarity.DarkOnLight ? 255 : 0;
        var patch = _sampler.Sample(context.Gray, _placed, background);
        _count = _analyzer.Analyze(patch, analysis, _blobs);
        Slot(0).Set(_count);
        if (_count == 0)
        {
            Slot(1).Set(0);
            Slot(2).Set(0);
            Slot(3).Set(0);
            Slot(4).Set(0);
            return ToolStatus.Pass;
        }

        var largest = _blobs[0];
        var (x, y) = RoiSampler.PatchToImage(_placed, largest.X, largest.Y);
        Slot(1).Set(largest.ContourArea, context.Units, x, y);
        Slot(2).Set(largest.Perimeter, context.Units, x, y);
        Slot(3).Set(largest.Circularity);
        Slot(4).Set(largest.Elongation);
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

        var label = _count == 0
            ? $"{Name} no blob"
            : string.Create(CultureInfo.InvariantCulture, $"{Name} {_count} blob{(_count == 1 ? string.Empty : "s")}, largest {Slots[1].Value:F0} {context.Units.UnitOf(Quantity.Area)}");
        shapes.Add(new OverlayShape(ShapeKind.Box, _count == 0 ? Tone : ShapeTone.Region, _placed.X, _placed.Y, _placed.Length, _placed.Width, _placed.AngleDeg, label));
        foreach (var blob in Blobs)
        {
            // The ellipse of equal second moments, drawn as its bounding rotated box.
            var (x, y) = RoiSampler.PatchToImage(_placed, blob.X, blob.Y);
            shapes.Add(new OverlayShape(ShapeKind.Box, Tone, x, y, blob.MajorAxis, blob.MinorAxis, blob.AngleDeg + _placed.AngleDeg));
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _analyzer.Dispose();
            _sampler.Dispose();
        }

        base.Dispose(disposing);
    }
}
