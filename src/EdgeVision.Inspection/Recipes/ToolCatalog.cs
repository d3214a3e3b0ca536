using EdgeVision.Inspection.Tools;
using EdgeVision.Inspection.Tools.Checks;
using EdgeVision.Inspection.Tools.Locate;
using EdgeVision.Inspection.Tools.Measure;
using EdgeVision.Inspection.Tools.Ocr;

namespace EdgeVision.Inspection.Recipes;

/// <summary>A tool type the recipe can name: how to read it and the reason codes it reports by default.</summary>
public sealed record ToolType(string Name, Func<ToolReader, ToolSettings> Read, string FailReason, string NotFoundReason, bool NeedsRoi, string Summary);

/// <summary>Every tool type a recipe can use, as fixture and as ordered tool, by the name written in the recipe.</summary>
public static class ToolCatalog
{
    /// <summary>Fixture (locate) types.</summary>
    public static IReadOnlyDictionary<string, ToolType> Fixtures { get; } = Index(
    [
        new("blob", BlobFixtureSettings.Read, "PART_SIZE", Recipe.PartNotFound, false, "largest bright blob; pose and size from its minimum-area rectangle"),
        new("features", FeatureFixtureSettings.Read, "LOCATE_SCORE", Recipe.PartNotFound, false, "textured template by ORB keypoints under any rotation and scale, refined on its pixels"),
        new("template", TemplateFixtureSettings.Read, "LOCATE_SCORE", Recipe.PartNotFound, false, "gray template by normalized correlation at any rotation in a range, to sub-pixel"),
    ]);

    /// <summary>Tool types for the <c>tools</c> list.</summary>
    public static IReadOnlyDictionary<string, ToolType> Tools { get; } = Index(
    [
        new("angle", AngleSettings.Read, "ANGLE", "FEATURE_MISSING", false, "angle between two earlier line tools, or a line and the part's axis (0–90°)"),
        new("blob", BlobToolSettings.Read, "BLOB", "BLOB", true, "dark or light blobs in a region, filtered by area and shape: count and the largest blob's area, perimeter, circularity, elongation"),
        new("caliper", CaliperSettings.Read, "CALIPER_DIMENSION", "EDGE_MISSING", true, "sub-pixel edge position or edge-pair width along the region"),
        new("circle", CircleSettings.Read, "CIRCLE_DIMENSION", "CIRCLE_MISSING", false, "radial calipers around a nominal circle, RANSAC fit: diameter, roundness, centre offset"),
        new("code", CodeSettings.Read, "CODE_MISMATCH", "CODE_UNREADABLE", false, "QR code or EAN/UPC barcode in a region or the whole frame: text, pattern and symbology checked"),
        new("color", ColorSettings.Read, "COLOR", "COLOR", true, "mean CIELAB colour of a region against a reference by ΔE00; L*, a*, b* and spread"),
        new("distance", DistanceSettings.Read, "DISTANCE", "FEATURE_MISSING", false, "distance between two earlier point, line or circle tools"),
        new("hole", HoleSettings.Read, "HOLE_DIAMETER", "HOLE_MISSING", false, "dark round hole at (x, y): presence and sub-pixel diameter"),
        new("line", LineSettings.Read, "LINE_GEOMETRY", "EDGE_MISSING", true, "calipers across the region, RANSAC line fit: angle, straightness"),
        new("ocr", OcrSettings.Read, "OCR_MISMATCH", "OCR_UNREADABLE", true, "reads the text in the region with a trained model; checks it against expected text or a pattern"),
        new("presence", PresenceSettings.Read, "PRESENCE", "PRESENCE", true, "share, count, mean and deviation of the gray pixels of a region in a band [low, high]"),
        new("surface", SurfaceSettings.Read, "SURFACE_DEFECT", "SURFACE_DEFECT", false, "dark marks on the located part's surface, holes excluded"),
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
