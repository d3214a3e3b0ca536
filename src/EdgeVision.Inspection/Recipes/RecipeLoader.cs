using System.Security.Cryptography;
using System.Text.Json;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision;
using EdgeVision.Vision.Color;

namespace EdgeVision.Inspection.Recipes;

/// <summary>Reads recipe files, checking every key, and computes their content checksum.</summary>
public static class RecipeLoader
{
    /// <summary>Loads and validates the recipe at <paramref name="path"/>; throws <see cref="SettingsException"/> listing every problem.</summary>
    public static Recipe Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException(path, [$"recipe file cannot be read: {e.Message}"]);
        }

        var errors = new SettingsErrors();
        var recipe = Parse(bytes, errors);
        if (!errors.IsEmpty || recipe is null)
        {
            throw new SettingsException(path, errors.All);
        }

        return recipe;
    }

    /// <summary>Parses recipe JSON, recording problems in <paramref name="errors"/>; returns null if it could not be read at all.</summary>
    public static Recipe? Parse(ReadOnlySpan<byte> json, SettingsErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            errors.Add("(recipe)", $"not valid JSON: {e.Message}");
            return null;
        }

        using (document)
        {
            var root = new JsonSection(document.RootElement, string.Empty, errors);
            var version = root.WholeNumber("schemaVersion", 0, 1, Recipe.CurrentSchemaVersion);
            if (version == 0 && !root.Has("schemaVersion"))
            {
                errors.Add("schemaVersion", $"is required (this build reads version {Recipe.CurrentSchemaVersion})");
            }

            var name = root.Text("name", string.Empty, required: true)!;
            var preprocess = ReadPreprocess(root.Section("preprocess"), errors);
            var fixture = ReadFixture(root.Section("fixture", required: true));
            var holes = new List<HoleSettings>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var h in root.Sections("holes"))
            {
                var hole = ReadHole(h);
                if (!names.Add(hole.Name))
                {
                    errors.Add(h.PathOf("name"), $"'{hole.Name}' is used by another hole; names must be unique");
                }

                holes.Add(hole);
            }

            var surface = ReadSurface(root.Section("surface"));
            root.RejectUnknownKeys();
            return new Recipe
            {
                Name = name,
                Checksum = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json)),
                Preprocess = preprocess,
                Fixture = fixture,
                Holes = holes,
                Surface = surface,
            };
        }
    }

    private static PreprocessSettings ReadPreprocess(JsonSection? s, SettingsErrors errors)
    {
        if (s is null)
        {
            return new PreprocessSettings(PixelFormat.BayerRggb8, ColorCorrection.Identity);
        }

        var bayerText = s.Choice("bayer", "RGGB", "RGGB", "BGGR", "GRBG", "GBRG", "none");
        var bayer = PixelFormat.Mono8;
        if (bayerText != "none" && !PixelFormats.TryParse(bayerText, out bayer))
        {
            errors.Add(s.PathOf("bayer"), $"unknown Bayer order '{bayerText}'");
        }

        double r = 1, g = 1, b = 1;
        if (s.Section("whiteBalance") is { } wb)
        {
            r = wb.Number("r", 1, 0.05, 20);
            g = wb.Number("g", 1, 0.05, 20);
            b = wb.Number("b", 1, 0.05, 20);
            wb.RejectUnknownKeys();
        }

        var matrix = s.Numbers("colorMatrix", 9) ?? [1, 0, 0, 0, 1, 0, 0, 0, 1];
        for (var i = 0; i < 9; i++)
        {
            if (Math.Abs(matrix[i]) > 10)
            {
                errors.Add($"{s.PathOf("colorMatrix")}[{i}]", $"{matrix[i]} is out of range [-10, 10]");
            }
        }

        s.RejectUnknownKeys();
        return new PreprocessSettings(bayer, new ColorCorrection(r, g, b, matrix));
    }

    private static FixtureSettings ReadFixture(JsonSection? s)
    {
        if (s is null)
        {
            return new FixtureSettings(128, 1, new Tolerance(0, 0, 0), new Tolerance(0, 0, 0));
        }

        s.Choice("tool", "blob", "blob");
        var threshold = s.Number("threshold", 128, 1, 254);
        var minArea = s.WholeNumber("minArea", 1000, 1);
        var length = ReadTolerance(s.Section("length", required: true), "px");
        var width = ReadTolerance(s.Section("width", required: true), "px");
        s.RejectUnknownKeys();
        return new FixtureSettings(threshold, minArea, length, width);
    }

    private static HoleSettings ReadHole(JsonSection s)
    {
        var name = s.Text("name", "hole", required: true)!;
        var u = s.Number("u", 0, -100_000, 100_000);
        var v = s.Number("v", 0, -100_000, 100_000);
        var diameter = ReadTolerance(s.Section("diameter", required: true), "px");
        if (diameter.Nominal <= 2)
        {
            s.Errors.Add(s.PathOf("diameter.nominal"), "a hole must be more than 2 px across");
        }

        var contrast = s.Number("minContrast", 40, 1, 255);
        s.RejectUnknownKeys();
        return new HoleSettings(name, u, v, diameter, contrast);
    }

    private static SurfaceSettings ReadSurface(JsonSection? s)
    {
        if (s is null)
        {
            return new SurfaceSettings(false, 8, 6, 40, 20);
        }

        var settings = new SurfaceSettings(
            s.Bool("enabled", true),
            s.Number("edgeMargin", 8, 0, 1000),
            s.Number("holeMargin", 6, 0, 1000),
            s.Number("contrast", 40, 1, 255),
            s.WholeNumber("minArea", 20, 1));
        s.RejectUnknownKeys();
        return settings;
    }

    /// <summary>Reads <c>{ "nominal": n, "tolerance": t }</c> or <c>{ "nominal": n, "minus": a, "plus": b }</c> or <c>{ "min": a, "max": b }</c>.</summary>
    private static Tolerance ReadTolerance(JsonSection? s, string unit)
    {
        if (s is null)
        {
            return new Tolerance(0, 0, 0);
        }

        s.Choice("unit", unit, unit);
        Tolerance result;
        if (s.Has("min") || s.Has("max"))
        {
            var min = s.Number("min", double.NegativeInfinity);
            var max = s.Number("max", double.PositiveInfinity);
            if (min > max)
            {
                s.Errors.Add(s.Path, $"min {min} is greater than max {max}");
            }

            var nominal = double.IsFinite(min) && double.IsFinite(max) ? (min + max) / 2 : double.IsFinite(min) ? min : max;
            result = new Tolerance(nominal, nominal - min, max - nominal);
        }
        else
        {
            var nominal = s.Number("nominal", 0);
            if (!s.Has("nominal"))
            {
                s.Errors.Add(s.PathOf("nominal"), "is required (or give min and max)");
            }

            var both = s.Number("tolerance", double.NaN, 0);
            var minus = s.Number("minus", double.IsNaN(both) ? 0 : both, 0);
            var plus = s.Number("plus", double.IsNaN(both) ? 0 : both, 0);
            if (double.IsNaN(both) && !s.Has("minus") && !s.Has("plus"))
            {
                s.Errors.Add(s.PathOf("tolerance"), "is required (or give minus and plus)");
            }

            result = new Tolerance(nominal, minus, plus);
        }

        s.RejectUnknownKeys();
        return result;
    }
}
