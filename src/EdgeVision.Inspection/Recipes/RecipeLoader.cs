using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeVision.Inspection.Calibration;
using EdgeVision.Inspection.Settings;
using EdgeVision.Inspection.Tools;
using EdgeVision.Vision.Geometry;

namespace EdgeVision.Inspection.Recipes;

/// <summary>Reads recipe files, checking every key of every tool, and computes their content checksum.</summary>
public static partial class RecipeLoader
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
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var recipe = Parse(bytes, errors, directory);
        if (!errors.IsEmpty || recipe is null)
        {
            throw new SettingsException(path, errors.All);
        }

        return recipe with { SourcePath = Path.GetFullPath(path) };
    }

    /// <summary>
    /// Parses recipe JSON, recording problems in <paramref name="errors"/>; files it names are resolved against
    /// <paramref name="baseDirectory"/>. Returns null if it could not be read at all.
    /// </summary>
    public static Recipe? Parse(ReadOnlySpan<byte> json, SettingsErrors errors, string? baseDirectory = null)
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
            var version = root.WholeNumber("schemaVersion", 0, 1, 1000);
            if (!root.Has("schemaVersion"))
            {
                errors.Add("schemaVersion", $"is required (this build reads version {Recipe.CurrentSchemaVersion})");
            }
            else if (version != Recipe.CurrentSchemaVersion)
            {
                errors.Add("schemaVersion", $"is {version}; this build reads version {Recipe.CurrentSchemaVersion} (see docs/RECIPES.md for the format)");
            }

            var resources = new RecipeResources(baseDirectory ?? Environment.CurrentDirectory);
            var name = root.Text("name", string.Empty, required: true)!;
            root.Text("description", null);
            var (units, calibration) = ReadUnits(root, resources);
            var preprocess = ReadPreprocess(root, calibration);
            var earlier = new Dictionary<string, ToolSettings>(StringComparer.Ordinal);
            ToolSettings? fixture = null;
            if (root.Section("fixture") is { } f)
            {
                fixture = ReadTool(f, ToolCatalog.Fixtures, units, resources, earlier, fixtured: false, defaultName: "part");
                if (fixture is not null)
                {
                    earlier[fixture.Name] = fixture;
                }
            }

            var tools = new List<ToolSettings>();
            foreach (var t in root.Sections("tools"))
            {
                var tool = ReadTool(t, ToolCatalog.Tools, units, resources, earlier, fixtured: fixture is not null, defaultName: null);
                if (tool is null)
                {
                    continue;
                }

                if (!earlier.TryAdd(tool.Name, tool))
                {
                    errors.Add(t.PathOf("name"), $"'{tool.Name}' is used by another tool; names must be unique");
                }

                tools.Add(tool);
            }

            if (fixture is null && tools.Count == 0)
            {
                errors.Add("tools", "the recipe has neither a fixture nor any tool: it would check nothing");
            }

            var rules = ReadRules(root, earlier);
            CheckReasonCount(fixture, tools, rules, errors);
            root.RejectUnknownKeys();
            return new Recipe
            {
                Name = name,
                Checksum = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(json)),
                Resources = resources,
                Units = units,
                Calibration = calibration,
                Preprocess = preprocess,
                Fixture = fixture,
                Tools = tools,
                Rules = rules,
            };
        }
    }

    private static (MeasurementUnits Units, CalibrationData? Calibration) ReadUnits(JsonSection root, RecipeResources resources)
    {
        var unitName = root.Choice("units", "px", "px", "mm");
        CalibrationData? calibration = null;
        if (root.Text("calibration", null) is { } file)
        {
            var full = resources.Resolve(file);
            calibration = CalibrationFile.Read(full, root.Errors, root.PathOf("calibration"));
        }

        if (unitName != "mm")
        {
            return (MeasurementUnits.Pixels, calibration);
        }

        if (calibration?.Plane is { } plane)
        {
            return (MeasurementUnits.Millimetres(new PlaneMapping(plane)), calibration);
        }

        root.Errors.Add(root.PathOf("units"), root.Has("calibration") && calibration is not null
            ? "is 'mm' but the calibration file has no plane section (run `edgevision calibrate plane`)"
            : "is 'mm', which needs \"calibration\": a calibration file with a plane section");
        return (MeasurementUnits.Pixels, calibration);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,47}$")]
    private static partial Regex ToolName();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,47}$")]
    private static partial Regex ReasonCode();

    private static ToolSettings? ReadTool(JsonSection s, IReadOnlyDictionary<string, ToolType> catalog, MeasurementUnits units, RecipeResources resources, Dictionary<string, ToolSettings> earlier, bool fixtured, string? defaultName)
    {
        var typeName = s.Text("type", null, required: true);
        var name = s.Text("name", defaultName, required: defaultName is null) ?? string.Empty;
        if (name.Length > 0 && !ToolName().IsMatch(name))
        {
            s.Errors.Add(s.PathOf("name"), $"'{name}' is not a valid tool name (a letter, then letters, digits, '_' or '-', at most 48)");
        }

        if (typeName is null)
        {
            return null;
        }

        if (!catalog.TryGetValue(typeName, out var type))
        {
            s.Errors.Add(s.PathOf("type"), $"unknown tool type '{typeName}' (known: {string.Join(", ", catalog.Keys)})");
            return null;
        }

        var roi = type.Roi == RoiUse.None ? default : ReadRoi(s, type.Roi == RoiUse.Required);
        var common = new ToolCommon(
            name,
            typeName,
            roi,
            s.Bool("fixtured", fixtured),
            s.Bool("judge", true),
            ReadReason(s, "reason", type.FailReason),
            ReadReason(s, "notFoundReason", type.NotFoundReason));
        if (common.Fixtured && !fixtured)
        {
            s.Errors.Add(s.PathOf("fixtured"), "is true but the recipe has no fixture to move the tool with");
        }

        var settings = type.Read(new ToolReader(s, common, units, resources, earlier));
        if (type.Roi == RoiUse.None && s.Contains("roi"))
        {
            s.Accept("roi");
            s.Errors.Add(s.PathOf("roi"), $"is not used by a {typeName} tool");
        }

        s.RejectUnknownKeys();
        return settings;
    }

    private static string ReadReason(JsonSection s, string key, string fallback)
    {
        var reason = s.Text(key, fallback)!;
        if (!ReasonCode().IsMatch(reason))
        {
            s.Errors.Add(s.PathOf(key), $"'{reason}' is not a reason code (upper case letters, digits and '_', starting with a letter)");
        }

        return reason;
    }

    private static RotatedRoi ReadRoi(JsonSection s, bool required)
    {
        var r = s.Section("roi", required);
        if (r is null)
        {
            return default;
        }

        var roi = new RotatedRoi(
            r.Number("x", 0, -100_000, 100_000),
            r.Number("y", 0, -100_000, 100_000),
            r.Number("length", 10, 1, 100_000),
            r.Number("width", 10, 1, 100_000),
            r.Number("angle", 0, -360, 360));
        foreach (var key in (ReadOnlySpan<string>)["x", "y", "length", "width"])
        {
            if (!r.Has(key))
            {
                s.Errors.Add(r.PathOf(key), "is required");
            }
        }

        r.RejectUnknownKeys();
        return roi;
    }
}
