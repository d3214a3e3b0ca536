using EdgeVision.Inspection.Settings;
using EdgeVision.Inspection.Tools;

namespace EdgeVision.Inspection.Recipes;

/// <summary>
/// What a tool type's reader gets from the recipe loader: the tool's JSON section (common keys already read), its
/// common settings, the recipe's units, the names of earlier tools, and helpers that read tolerances and references
/// and report errors under the tool's path.
/// </summary>
public sealed class ToolReader
{
    private readonly IReadOnlyDictionary<string, ToolSettings> _earlier;

    internal ToolReader(JsonSection section, ToolCommon common, MeasurementUnits units, RecipeResources resources, IReadOnlyDictionary<string, ToolSettings> earlier)
    {
        Section = section;
        Common = common;
        Units = units;
        Resources = resources;
        _earlier = earlier;
    }

    /// <summary>The tool's JSON section.</summary>
    public JsonSection Section { get; }

    /// <summary>Name, type, region and judgement settings.</summary>
    public ToolCommon Common { get; }

    /// <summary>Units the recipe reports in.</summary>
    public MeasurementUnits Units { get; }

    /// <summary>The recipe's folder, for files the tool refers to.</summary>
    public RecipeResources Resources { get; }

    /// <summary>Records an error for key <paramref name="key"/> of this tool.</summary>
    public void Error(string key, string message) => Section.Errors.Add(Section.PathOf(key), message);

    /// <summary>Reads a tolerance for a <paramref name="quantity"/> output; null when absent and not required.</summary>
    public Tolerance? Tolerance(string key, Quantity quantity, bool required = false)
    {
        Section.Errors.Recorder?.Record(Section.Path, key, new SchemaKey("object", null) { Shape = "tolerance", Required = required });
        var s = Section.Section(key, required);
        return s is null ? null : ToleranceReader.Read(s, Units.UnitOf(quantity));
    }

    /// <summary>Reads the name of an earlier tool this one uses; records an error when it names none.</summary>
    public string Input(string key)
    {
        var name = Section.Text(key, string.Empty, required: true)!;
        if (name.Length > 0 && !_earlier.ContainsKey(name))
        {
            Error(key, $"'{name}' is not the name of an earlier tool (tools run in order; known: {string.Join(", ", _earlier.Keys)})");
        }

        return name;
    }

    /// <summary>The settings of an earlier tool by name, if there is one.</summary>
    public ToolSettings? Earlier(string name) => _earlier.GetValueOrDefault(name);

    /// <summary>Reads a file path relative to the recipe; records an error when the file does not exist.</summary>
    public string? File(string key, bool required)
    {
        var relative = Section.Text(key, null, required);
        if (relative is null)
        {
            return null;
        }

        var full = Resources.Resolve(relative);
        if (!System.IO.File.Exists(full))
        {
            Error(key, $"file '{relative}' does not exist (looked for {full})");
        }

        return full;
    }
}
