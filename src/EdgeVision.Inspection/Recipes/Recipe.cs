using EdgeVision.Inspection.Tools;
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

/// <summary>How raw frames are turned into the images the tools work on, in the recipe's step order.</summary>
public sealed record PreprocessSettings(PixelFormat Bayer, ColorCorrection Color, bool Undistort);

/// <summary>Which tool outcome a verdict rule reacts to.</summary>
public enum RuleCondition
{
    /// <summary>A check failed (value out of tolerance, wrong text, defects found).</summary>
    Fail,

    /// <summary>The tool found nothing to measure.</summary>
    NotFound,

    /// <summary>Either.</summary>
    Any,
}

/// <summary>
/// A verdict rule: when any of <see cref="Targets"/> (tool names, or <c>tool.output</c> for one value) ends as
/// <see cref="When"/>, the part fails with <see cref="Reason"/>. Rules come before each tool's own default reasons.
/// </summary>
public sealed record VerdictRule(string Reason, RuleCondition When, IReadOnlyList<string> Targets);

/// <summary>
/// An inspection recipe: preprocessing, the fixture that locates the part, the ordered tools placed relative to it
/// with their tolerances, and the verdict rules. Loaded and validated by <see cref="RecipeLoader"/>; immutable.
/// </summary>
public sealed record Recipe
{
    /// <summary>The recipe file format version this code reads.</summary>
    public const int CurrentSchemaVersion = 2;

    /// <summary>Reason reported when the fixture finds no part.</summary>
    public const string PartNotFound = "PART_NOT_FOUND";

    /// <summary>Recipe name, reported with every result.</summary>
    public required string Name { get; init; }

    /// <summary>Content checksum of the recipe file ("sha256:…"), reported with every result.</summary>
    public required string Checksum { get; init; }

    /// <summary>The file the recipe was loaded from, if any.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Files the recipe refers to are resolved against this.</summary>
    public required RecipeResources Resources { get; init; }

    /// <summary>Units lengths and areas are reported in.</summary>
    public MeasurementUnits Units { get; init; } = MeasurementUnits.Pixels;

    /// <summary>The camera calibration used to undistort, when the recipe references one.</summary>
    public Calibration.CalibrationData? Calibration { get; init; }

    /// <summary>Preprocessing of raw frames.</summary>
    public required PreprocessSettings Preprocess { get; init; }

    /// <summary>The locate tool whose pose moves fixtured tools; null when tools use image coordinates.</summary>
    public ToolSettings? Fixture { get; init; }

    /// <summary>The tools, in the order they run and report.</summary>
    public required IReadOnlyList<ToolSettings> Tools { get; init; }

    /// <summary>Verdict rules, in order.</summary>
    public IReadOnlyList<VerdictRule> Rules { get; init; } = [];
}
