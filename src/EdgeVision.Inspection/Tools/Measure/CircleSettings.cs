using EdgeVision.Inspection.Recipes;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// A circle (hole, boss, bore) found by radial calipers around a nominal circle and fitted robustly (RANSAC, then a
/// geometric fit on the inliers). The nominal centre (<c>x</c>, <c>y</c>) moves with the fixture; the nominal radius and
/// the search geometry are in pixels, the tolerances in the recipe's units.
/// </summary>
public sealed record CircleSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Circle;

    /// <summary>Nominal radius in pixels: the calipers are centred on this circle.</summary>
    public required double Radius { get; init; }

    /// <summary>Length in pixels of each radial caliper, half inside and half outside the nominal circle.</summary>
    public double SearchLength { get; init; } = 20;

    /// <summary>Number of radial calipers, evenly spaced around the circle.</summary>
    public int Calipers { get; init; } = 24;

    /// <summary>Width in pixels each caliper averages across (along the circle).</summary>
    public double CalipersWidth { get; init; } = 3;

    /// <summary>Edge polarity walking outward: a dark hole in a bright surface is dark to light.</summary>
    public EdgePolarity Polarity { get; init; } = EdgePolarity.Any;

    /// <summary>Least gradient, in gray levels per pixel, of an edge that counts.</summary>
    public double MinStrength { get; init; } = 20;

    /// <summary>Sigma in pixels of the calipers' profile smoothing.</summary>
    public double Sigma { get; init; } = 1;

    /// <summary>Largest distance in pixels of an edge point from the circle for it to count as on it.</summary>
    public double InlierDistance { get; init; } = 1;

    /// <summary>Fewest edge points on the circle for it to count as found.</summary>
    public int MinPoints { get; init; } = 12;

    /// <summary>Tolerance of the fitted diameter.</summary>
    public Tolerance? Diameter { get; init; }

    /// <summary>Tolerance of the roundness (largest minus smallest distance of the inliers from the centre).</summary>
    public Tolerance? Roundness { get; init; }

    /// <summary>Tolerance of the distance of the fitted centre from the nominal one.</summary>
    public Tolerance? Offset { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs =>
        [new("diameter", Quantity.Length, Diameter), new("roundness", Quantity.Length, Roundness), new("offset", Quantity.Length, Offset)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new CircleTool(this);

    /// <summary>
    /// Reads a circle tool: <c>x</c>, <c>y</c> (nominal centre), <c>radius</c> (px), <c>searchLength</c>, <c>calipers</c>,
    /// <c>calipersWidth</c>, <c>polarity</c>, <c>minStrength</c>, <c>sigma</c>, <c>inlierDistance</c>, <c>minPoints</c>,
    /// tolerances <c>diameter</c>, <c>roundness</c>, <c>offset</c>.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var x = s.Number("x", 0, -100_000, 100_000);
        var y = s.Number("y", 0, -100_000, 100_000);
        var radius = s.Number("radius", 10, 2, 100_000);
        if (!s.Has("radius"))
        {
            r.Error("radius", "is required: the nominal radius in pixels, where the calipers search");
        }

        var searchLength = s.Number("searchLength", Math.Min(20, radius), 3, 200_000);
        if (searchLength >= 2 * radius)
        {
            r.Error("searchLength", $"{searchLength} px reaches past the centre of a circle of radius {radius} px (keep it under {2 * radius})");
        }

        var calipers = s.WholeNumber("calipers", 24, 3, 720);
        var minPoints = s.WholeNumber("minPoints", Math.Max(3, (calipers + 1) / 2), 3, 720);
        if (minPoints > calipers)
        {
            r.Error("minPoints", $"{minPoints} is more than the {calipers} calipers can find");
        }

        return new CircleSettings
        {
            Common = r.Common with { Roi = new RotatedRoi(x, y, 2 * radius, 2 * radius, 0) },
            Radius = radius,
            SearchLength = searchLength,
            Calipers = calipers,
            CalipersWidth = s.Number("calipersWidth", 3, 1, 10_000),
            Polarity = MeasureReading.Polarity(s, "polarity", EdgePolarity.Any),
            MinStrength = s.Number("minStrength", 20, 0, 255),
            Sigma = s.Number("sigma", 1, 0, 10),
            InlierDistance = s.Number("inlierDistance", 1, 0.01, 10_000),
            MinPoints = minPoints,
            Diameter = r.Tolerance("diameter", Quantity.Length),
            Roundness = r.Tolerance("roundness", Quantity.Length),
            Offset = r.Tolerance("offset", Quantity.Length),
        };
    }
}
