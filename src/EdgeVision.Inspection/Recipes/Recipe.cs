using EdgeVision.Vision;
using EdgeVision.Vision.Color;

namespace EdgeVision.Inspection.Recipes;

/// <summary>
/// An acceptance band around a nominal value: a measurement passes when it lies in
/// [<see cref="Nominal"/> − <see cref="Minus"/>, <see cref="Nominal"/> + <see cref="Plus"/>].
/// </summary>
public readonly record struct Tolerance(double Nominal, double Minus, double Plus)
{
    /// <summary>Smallest passing value.</summary>
    public double Lower => Nominal - Minus;

    /// <summary>Largest passing value.</summary>
    public double Upper => Nominal + Plus;

    /// <summary>True when <paramref name="value"/> is inside the band.</summary>
    public bool Accepts(double value) => value >= Lower && value <= Upper;
}

/// <summary>How raw frames are turned into the images the tools work on.</summary>
public sealed record PreprocessSettings(PixelFormat Bayer, ColorCorrection Color);

/// <summary>The fixture: how the part is located, and the size it must have.</summary>
public sealed record FixtureSettings(double Threshold, int MinArea, Tolerance Length, Tolerance Width);

/// <summary>A hole gauge placed in part coordinates (u along the part's length, v across, pixels from its centre).</summary>
public sealed record HoleSettings(string Name, double U, double V, Tolerance Diameter, double MinContrast);

/// <summary>The surface defect search: margins, contrast and the smallest blob that counts.</summary>
public sealed record SurfaceSettings(bool Enabled, double EdgeMargin, double HoleMargin, double Contrast, int MinArea);

/// <summary>
/// An inspection recipe: preprocessing, the fixture that locates the part, the tools placed relative to it and their
/// tolerances. Loaded and validated by <see cref="RecipeLoader"/>; immutable once loaded.
/// </summary>
public sealed record Recipe
{
    /// <summary>The recipe file format version this code reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Recipe name, reported with every result.</summary>
    public required string Name { get; init; }

    /// <summary>Content checksum of the recipe file ("sha256:…"), reported with every result.</summary>
    public required string Checksum { get; init; }

    /// <summary>Preprocessing of raw frames.</summary>
    public required PreprocessSettings Preprocess { get; init; }

    /// <summary>The locate tool and expected part size.</summary>
    public required FixtureSettings Fixture { get; init; }

    /// <summary>Hole gauges, in the order they are reported.</summary>
    public required IReadOnlyList<HoleSettings> Holes { get; init; }

    /// <summary>Surface defect search.</summary>
    public required SurfaceSettings Surface { get; init; }
}
