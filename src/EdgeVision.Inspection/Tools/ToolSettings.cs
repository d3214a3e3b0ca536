using EdgeVision.Inspection.Recipes;
using EdgeVision.Vision.Geometry;

namespace EdgeVision.Inspection.Tools;

/// <summary>
/// A tool as the recipe describes it: its name, type, region and judgement settings, plus the type's own parameters
/// in a derived record. Immutable; <see cref="Create"/> builds the runtime tool that owns the scratch buffers.
/// </summary>
public abstract record ToolSettings
{
    /// <summary>The settings every tool has.</summary>
    public required ToolCommon Common { get; init; }

    /// <summary>Unique name, the prefix of the tool's outputs (<c>name.output</c>).</summary>
    public string Name => Common.Name;

    /// <summary>Type name as written in the recipe (e.g. <c>caliper</c>).</summary>
    public string Type => Common.Type;

    /// <summary>The search region: in part coordinates when <see cref="Fixtured"/>, else in image pixels.</summary>
    public RotatedRoi Roi => Common.Roi;

    /// <summary>True when the region moves with the fixture's pose.</summary>
    public bool Fixtured => Common.Fixtured;

    /// <summary>The kind of feature (point, line, circle) the tool gives other tools to measure; null when it gives none.</summary>
    public virtual GeometryKind? Geometry => null;

    /// <summary>Names of earlier tools whose results this tool uses.</summary>
    public virtual IReadOnlyList<string> Inputs => [];

    /// <summary>Each output with its quantity and tolerance, in report order.</summary>
    public abstract IReadOnlyList<OutputSpec> Outputs { get; }

    /// <summary>Builds the runtime tool. <paramref name="resources"/> gives what the recipe loaded with it (models, templates).</summary>
    public abstract InspectionTool Create(RecipeResources resources);
}

/// <summary>
/// The settings every tool has: name, type, region, whether it moves with the fixture, whether its failures fail the
/// part, and the reason codes it reports when no verdict rule names others.
/// </summary>
public sealed record ToolCommon(string Name, string Type, RotatedRoi Roi, bool Fixtured, bool Judge, string FailReason, string NotFoundReason);

/// <summary>Files a recipe refers to (templates, models, calibration), resolved against the recipe's folder.</summary>
public sealed record RecipeResources(string BaseDirectory)
{
    /// <summary>The full path of <paramref name="relative"/> (absolute paths pass through).</summary>
    public string Resolve(string relative) => Path.GetFullPath(Path.Combine(BaseDirectory, relative));
}

/// <summary>One output a tool reports: its name, quantity and optional tolerance (in report units).</summary>
public sealed record OutputSpec(string Name, Quantity Quantity, Tolerance? Tolerance);
