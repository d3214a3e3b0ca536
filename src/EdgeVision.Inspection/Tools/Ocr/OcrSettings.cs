using System.Text.RegularExpressions;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Vision.Ocr;

namespace EdgeVision.Inspection.Tools.Ocr;

/// <summary>
/// Character reading: the text in a (rotated, usually fixtured) region is read with a trained OCR model and checked
/// against an expected string and/or a pattern.
/// </summary>
public sealed record OcrSettings : ToolSettings
{
    /// <summary>Full path of the OCR model file (written by <see cref="OcrModel.Save"/>).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The exact text expected, or null to accept any that fits <see cref="Pattern"/>.</summary>
    public string? Expected { get; init; }

    /// <summary>A regular expression the whole text must match, or null.</summary>
    public string? Pattern { get; init; }

    /// <summary>Least vote fraction (0..1) each character needs; below it the character reads as '?' and the tool fails.</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>
    /// Least standard deviation of the region's gray levels (in gray levels) for it to be read at all; a plainer
    /// region is unreadable (otherwise the threshold would cut noise into "characters").
    /// </summary>
    public double MinContrast { get; init; } = 8;

    /// <summary>Which way round the text's contrast is.</summary>
    public TextPolarity Polarity { get; init; } = TextPolarity.Auto;

    /// <summary>Tolerance of the character count, or null to only report it.</summary>
    public Tolerance? Count { get; init; }

    /// <summary>Tolerance of the lowest character confidence, or null to only report it.</summary>
    public Tolerance? Confidence { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("count", Quantity.Count, Count), new("confidence", Quantity.Ratio, Confidence)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new OcrTool(this, LoadModel(ModelPath));

    /// <summary>The pattern compiled to match the whole text, or null when there is none.</summary>
    public Regex? CompilePattern() =>
        Pattern is null ? null : new Regex($"^(?:{Pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    /// <summary>Loads the model at <paramref name="path"/>; throws <see cref="InvalidDataException"/> when it is not one.</summary>
    public static OcrModel LoadModel(string path)
    {
        using var stream = File.OpenRead(path);
        return OcrModel.Load(stream);
    }

    /// <summary>
    /// Reads <c>model</c> (required file, loaded to check it), <c>expected</c>, <c>pattern</c> (checked to compile),
    /// <c>minConfidence</c>, <c>minContrast</c>, <c>polarity</c> and the <c>count</c> and <c>confidence</c> tolerances.
    /// </summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        var model = r.File("model", required: true);
        if (model is not null && File.Exists(model))
        {
            try
            {
                LoadModel(model);
            }
            catch (InvalidDataException e)
            {
                r.Error("model", e.Message);
            }
        }

        var expected = s.Text("expected", null);
        if (expected is { Length: 0 })
        {
            r.Error("expected", "is empty: leave it out to accept any text");
        }

        var pattern = s.Text("pattern", null);
        if (pattern is not null)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                r.Error("pattern", $"is not a valid regular expression: {e.Message}");
            }
        }

        var polarity = s.Choice("polarity", "auto", "auto", "darkOnLight", "lightOnDark");
        return new OcrSettings
        {
            Common = r.Common,
            ModelPath = model ?? string.Empty,
            Expected = expected,
            Pattern = pattern,
            MinConfidence = s.Number("minConfidence", 0.5, 0, 1),
            MinContrast = s.Number("minContrast", 8, 0, 255),
            Polarity = polarity switch
            {
                "darkOnLight" => TextPolarity.DarkOnLight,
                "lightOnDark" => TextPolarity.LightOnDark,
                _ => TextPolarity.Auto,
            },
            Count = r.Tolerance("count", Quantity.Count),
            Confidence = r.Tolerance("confidence", Quantity.Ratio),
        };
    }
}
