using EdgeVision.Inspection.Recipes;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>What a caliper tool looks for along its region.</summary>
public enum CaliperMode
{
    /// <summary>The strongest edge of the polarity; reports its position.</summary>
    Edge,

    /// <summary>An edge pair (first, then second along the search axis); reports the width between them.</summary>
    Pair,
}

/// <summary>
/// A caliper: searches along the region's length axis, averaging across its width, for the strongest edge of a
/// polarity or for an edge pair, to a fraction of a pixel. Everything that places the search (region, expected width,
/// sigma) is in pixels; tolerances are in the recipe's units.
/// </summary>
public sealed record CaliperSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Point;

    /// <summary>Edge or edge pair.</summary>
    public CaliperMode Mode { get; init; } = CaliperMode.Edge;

    /// <summary>Polarity of the edge in <see cref="CaliperMode.Edge"/> mode, read along the region's length axis.</summary>
    public EdgePolarity Polarity { get; init; } = EdgePolarity.Any;

    /// <summary>Polarity of the pair's first edge along the length axis.</summary>
    public EdgePolarity First { get; init; } = EdgePolarity.DarkToLight;

    /// <summary>Polarity of the pair's second edge along the length axis.</summary>
    public EdgePolarity Second { get; init; } = EdgePolarity.LightToDark;

    /// <summary>Expected pair width in pixels: the pair closest to it is taken; NaN takes the strongest pair.</summary>
    public double ExpectedWidth { get; init; } = double.NaN;

    /// <summary>Least gradient, in gray levels per pixel, of an edge that counts.</summary>
    public double MinStrength { get; init; } = 20;

    /// <summary>Sigma in pixels of the Gaussian that smooths the profile before differentiation.</summary>
    public double Sigma { get; init; } = 1;

    /// <summary>Tolerance of the edge (or pair centre) position from the region's centre, or null to only report it.</summary>
    public Tolerance? Position { get; init; }

    /// <summary>Tolerance of the pair width, or null to only report it.</summary>
    public Tolerance? Width { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => Mode == CaliperMode.Edge
        ? [new("position", Quantity.Length, Position)]
        : [new("width", Quantity.Length, Width), new("position", Quantity.Length, Position)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new CaliperTool(this);

    /// <summary>
    /// Reads a caliper: <c>mode</c> (edge, pair), <c>polarity</c> (edge mode), <c>first</c>, <c>second</c>,
    /// <c>expectedWidth</c> (pair mode), <c>minStrength</c>, <c>sigma</c>, tolerances <c>position</c> and <c>width</c>.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var mode = s.Choice("mode", "edge", "edge", "pair") == "pair" ? CaliperMode.Pair : CaliperMode.Edge;
        var edgeKeys = (ReadOnlySpan<string>)["polarity"];
        var pairKeys = (ReadOnlySpan<string>)["first", "second", "expectedWidth", "width"];
        foreach (var key in mode == CaliperMode.Edge ? pairKeys : edgeKeys)
        {
            if (s.Has(key))
            {
                r.Error(key, mode == CaliperMode.Edge ? "is for mode 'pair' (this caliper is in mode 'edge')" : "is for mode 'edge' (this caliper is in mode 'pair', which uses first and second)");
            }
        }

        var expected = s.Number("expectedWidth", double.NaN, 0.5, 100_000);
        if (mode == CaliperMode.Pair && expected >= r.Common.Roi.Length)
        {
            r.Error("expectedWidth", $"{expected} px does not fit in the caliper's length of {r.Common.Roi.Length} px");
        }

        // Read in both modes so the generated schema lists it; an edge caliper has already been told it is misplaced.
        var width = r.Tolerance("width", Quantity.Length);
        return new CaliperSettings
        {
            Common = r.Common,
            Mode = mode,
            Polarity = MeasureReading.Polarity(s, "polarity", EdgePolarity.Any),
            First = MeasureReading.Polarity(s, "first", EdgePolarity.DarkToLight),
            Second = MeasureReading.Polarity(s, "second", EdgePolarity.LightToDark),
            ExpectedWidth = mode == CaliperMode.Pair ? expected : double.NaN,
            MinStrength = s.Number("minStrength", 20, 0, 255),
            Sigma = s.Number("sigma", 1, 0, 10),
            Position = r.Tolerance("position", Quantity.Length),
            Width = mode == CaliperMode.Pair ? width : null,
        };
    }
}
