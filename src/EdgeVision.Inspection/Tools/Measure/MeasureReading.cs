using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Inspection.Tools.Checks;
using EdgeVision.Inspection.Tools.Locate;
using EdgeVision.Inspection.Tools.Ocr;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools.Measure;

/// <summary>
/// What the measuring tools share when a recipe is read and a pipeline is built: edge polarity names, the kind of
/// feature an earlier tool gives (when its type is known), and binding to an earlier tool's geometry.
/// </summary>
internal static class MeasureReading
{
    /// <summary>Polarity names as written in recipes, in the order of <see cref="EdgePolarity"/>.</summary>
    private static readonly string[] PolarityNames = ["any", "darkToLight", "lightToDark"];

    /// <summary>Reads an edge polarity (<c>any</c>, <c>darkToLight</c>, <c>lightToDark</c>) at <paramref name="key"/>.</summary>
    public static EdgePolarity Polarity(JsonSection s, string key, EdgePolarity defaultValue)
    {
        var name = s.Choice(key, PolarityNames[(int)defaultValue], PolarityNames);
        return (EdgePolarity)Array.IndexOf(PolarityNames, name);
    }

    /// <summary>The recipe name of <paramref name="polarity"/>.</summary>
    public static string NameOf(EdgePolarity polarity) => PolarityNames[(int)polarity];

    /// <summary>
    /// Records an error when earlier tool <paramref name="name"/> (read at <paramref name="key"/>) is of a type known to
    /// give no feature, or, when <paramref name="wanted"/> is set, a feature of another kind.
    /// </summary>
    public static void CheckFeature(ToolReader r, string key, string name, GeometryKind? wanted, string use)
    {
        if (r.Earlier(name) is not { } earlier)
        {
            return;
        }

        if (earlier.Geometry is not { } kind)
        {
            r.Error(key, $"'{name}' is a {earlier.Type} tool, which gives no point, line or circle; {use}");
        }
        else if (wanted is { } w && kind != w)
        {
            r.Error(key, $"'{name}' is a {earlier.Type} tool, which gives {Describe(kind)}; {use}");
        }
    }

    /// <summary>The article and name of a feature kind, for error messages.</summary>
    public static string Describe(GeometryKind kind) => kind switch
    {
        GeometryKind.Point => "a point",
        GeometryKind.Line => "a line",
        _ => "a circle",
    };

    /// <summary>The earlier tool <paramref name="name"/> as a geometry source; throws when it gives no geometry.</summary>
    public static IGeometrySource Source(Func<string, InspectionTool> find, string name, string user)
    {
        ArgumentNullException.ThrowIfNull(find);
        return find(name) as IGeometrySource
            ?? throw new InvalidOperationException($"tool '{user}': tool '{name}' gives no point, line or circle to measure");
    }

    /// <summary>An overlay label: tool name, value with three decimals and unit.</summary>
    public static string Label(string name, double value, string unit) =>
        unit == "deg" ? $"{name} {value:F3}°" : $"{name} {value:F3} {unit}";
}
