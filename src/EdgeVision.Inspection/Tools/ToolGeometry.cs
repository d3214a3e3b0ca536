namespace EdgeVision.Inspection.Tools;

/// <summary>What kind of feature a tool found, for distance and angle tools that combine them.</summary>
public enum GeometryKind
{
    /// <summary>A point (X, Y).</summary>
    Point,

    /// <summary>A line through (X, Y) with unit direction (Dx, Dy).</summary>
    Line,

    /// <summary>A circle around (X, Y) with radius R.</summary>
    Circle,
}

/// <summary>A feature a tool found on this frame, in image pixels.</summary>
public readonly record struct ToolGeometry(GeometryKind Kind, double X, double Y, double Dx, double Dy, double R);

/// <summary>A tool whose result is a geometric feature other tools can measure against.</summary>
public interface IGeometrySource
{
    /// <summary>The feature found on the current frame; false when the tool found none.</summary>
    bool TryGetGeometry(out ToolGeometry geometry);
}
