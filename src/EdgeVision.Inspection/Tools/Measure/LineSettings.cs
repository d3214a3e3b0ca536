using EdgeVision.Inspection.Recipes;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// A straight edge found by a row of calipers and fitted robustly (RANSAC, then least squares on the inliers). The
/// edge is expected roughly along the region's length axis; the calipers are spread evenly along it and each searches
/// across it, along the region's width axis, over the region's whole width. Search geometry is in pixels.
/// </summary>
public sealed record LineSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Line;

    /// <summary>Number of calipers spread along the region.</summary>
    public int Calipers { get; init; } = 10;

    /// <summary>Width in pixels each caliper averages across (along the edge).</summary>
    public double CalipersWidth { get; init; } = 5;

    /// <summary>Edge polarity read along the region's width axis (+v: the length axis turned 90° clockwise on screen).</summary>
    public EdgePolarity Polarity { get; init; } = EdgePolarity.Any;

    /// <summary>Least gradient, in gray levels per pixel, of an edge that counts.</summary>
    public double MinStrength { get; init; } = 20;

    /// <summary>Sigma in pixels of the calipers' profile smoothing.</summary>
    public double Sigma { get; init; } = 1;

    /// <summary>Largest distance in pixels of an edge point from the line for it to count as on it.</summary>
    public double InlierDistance { get; init; } = 1;

    /// <summary>Fewest edge points on the line for it to count as found.</summary>
    public int MinPoints { get; init; } = 5;

    /// <summary>Tolerance of the line's angle (degrees; see <see cref="LineTool"/> for the reference).</summary>
    public Tolerance? Angle { get; init; }

    /// <summary>Tolerance of the straightness (spread of the inliers across the line).</summary>
    public Tolerance? Straightness { get; init; }

    /// <summary>Tolerance of the RMS distance of the inliers from the line.</summary>
    public Tolerance? Rms { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs =>
        [new("angle", Quantity.Angle, Angle), new("straightness", Quantity.Length, Straightness), new("rms", Quantity.Length, Rms)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new LineTool(this);

    /// <summary>
    /// Reads a line tool: <c>calipers</c>, <c>calipersWidth</c>, <c>polarity</c>, <c>minStrength</c>, <c>sigma</c>,
    /// <c>inlierDistance</c>, <c>minPoints</c>, tolerances <c>angle</c>, <c>straightness</c>, <c>rms</c>.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var calipers = s.WholeNumber("calipers", 10, 2, 500);
        var minPoints = s.WholeNumber("minPoints", Math.Max(2, (calipers + 1) / 2), 2, 500);
        if (minPoints > calipers)
        {
            r.Error("minPoints", $"{minPoints} is more than the {calipers} calipers can find");
        }

        return new LineSettings
        {
            Common = r.Common,
            Calipers = calipers,
            CalipersWidth = s.Number("calipersWidth", 5, 1, 10_000),
            Polarity = MeasureReading.Polarity(s, "polarity", EdgePolarity.Any),
            MinStrength = s.Number("minStrength", 20, 0, 255),
            Sigma = s.Number("sigma", 1, 0, 10),
            InlierDistance = s.Number("inlierDistance", 1, 0.01, 10_000),
            MinPoints = minPoints,
            Angle = r.Tolerance("angle", Quantity.Angle),
            Straightness = r.Tolerance("straightness", Quantity.Length),
            Rms = r.Tolerance("rms", Quantity.Length),
        };
    }
}
