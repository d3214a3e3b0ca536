using EdgeVision.Inspection.Tools;
using EdgeVision.Inspection.Tools.Checks;
using EdgeVision.Inspection.Tools.Locate;
using EdgeVision.Inspection.Tools.Measure;
using EdgeVision.Inspection.Tools.Ocr;

namespace EdgeVision.Inspection.Recipes;

/// <summary>Whether a tool type takes a <c>roi</c>.</summary>
public enum RoiUse
{
    /// <summary>The tool has no region (it works on the whole frame or on other tools' results); a <c>roi</c> is an error.</summary>
    None,

    /// <summary>The tool may be given a region (the whole frame otherwise).</summary>
    Optional,

    /// <summary>The tool needs a region.</summary>
    Required,
}

/// <summary>A tool type the recipe can name: how to read it, the reason codes it reports by default, and whether it takes a region.</summary>
public sealed record ToolType(string Name, Func<ToolReader, ToolSettings> Read, string FailReason, string NotFoundReason, RoiUse Roi, string Summary);

/// <summary>Every tool type a recipe can use, as fixture and as ordered tool, by the name written in the recipe.</summary>
public static class ToolCatalog
{
    /// <summary>Fixture (locate) types.</summary>
    public static IReadOnlyDictionary<string, ToolType> Fixtures { get; } = Index(
    [
        new("blob", BlobFixtureSettings.Read, "PART_SIZE", Recipe.PartNotFound, RoiUse.None, "largest bright blob; pose and size from its minimum-area rectangle"),
        new("features", FeatureFixtureSettings.Read, "LOCATE_SCORE", Recipe.PartNotFound, RoiUse.None, "textured template by ORB keypoints under any rotation and scale, refined on its pixels"),
        new("template", TemplateFixtureSettings.Read, "LOCATE_SCORE", Recipe.PartNotFound, RoiUse.None, "gray template by normalized correlation at any rotation in a range, to sub-pixel"),
    ]);

    /// <summary>Tool types for the <c>tools</c> list.</summary>
    public static IReadOnlyDictionary<string, ToolType> Tools { get; } = Index(
    [
        new("angle", AngleSettings.Read, "ANGLE", "FEATURE_MISSING", RoiUse.None, "angle between two earlier line tools, or a line and the part's axis (0–90°)"),
        new("blob", BlobToolSettings.Read, "BLOB", "BLOB", RoiUse.Required, "dark or light blobs in a region, filtered by area and shape: count and the largest blob's area, perimeter, circularity, elongation"),
        new("caliper", CaliperSettings.Read, "CALIPER_DIMENSION", "EDGE_MISSING", RoiUse.Required, "sub-pixel edge position or edge-pair width along the region"),
        new("circle", CircleSettings.Read, "CIRCLE_DIMENSION", "CIRCLE_MISSING", RoiUse.None, "radial calipers around a nominal circle, RANSAC fit: diameter, roundness, centre offset"),
        new("code", CodeSettings.Read, "CODE_MISMATCH", "CODE_UNREADABLE", RoiUse.Optional, "QR code or EAN/UPC barcode in a region or the whole frame: text, pattern and symbology checked"),
        new("color", ColorSettings.Read, "COLOR", "COLOR", RoiUse.Required, "mean CIELAB colour of a region against a reference by ΔE00; L*, a*, b* and spread"),
        new("distance", DistanceSettings.Read, "DISTANCE", "FEATURE_MISSING", RoiUse.None, "distance between two earlier point, line or circle tools"),
        new("hole", HoleSettings.Read, "HOLE_DIAMETER", "HOLE_MISSING", RoiUse.None, "dark round hole at (x, y): presence and sub-pixel diameter"),
        new("line", LineSettings.Read, "LINE_GEOMETRY", "EDGE_MISSING", RoiUse.Required, "calipers across the region, RANSAC line fit: angle, straightness"),
        new("ocr", OcrSettings.Read, "OCR_MISMATCH", "OCR_UNREADABLE", RoiUse.Required, "reads the text in the region with a trained model; checks it against expected text or a pattern"),
        new("presence", PresenceSettings.Read, "PRESENCE", "PRESENCE", RoiUse.Required, "share, count, mean and deviation of the gray pixels of a region in a band [low, high]"),
        new("surface", SurfaceSettings.Read, "SURFACE_DEFECT", "SURFACE_DEFECT", RoiUse.None, "dark marks on the located part's surface, holes excluded"),
    ]);

    private static Dictionary<string, ToolType> Index(ToolType[] types)
    {
        var d = new Dictionary<string, ToolType>(StringComparer.Ordinal);
        foreach (var t in types)
        {
            d.Add(t.Name, t);
        }

        return d;
    }
}
