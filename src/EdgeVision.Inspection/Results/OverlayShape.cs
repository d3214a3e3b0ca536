namespace EdgeVision.Inspection.Results;

/// <summary>What an overlay shape is, which decides how it is drawn.</summary>
public enum ShapeKind
{
    /// <summary>A rotated rectangle (X, Y centre; A length; B width; Angle degrees).</summary>
    Box,

    /// <summary>A segment from (X, Y) to (A, B).</summary>
    Segment,

    /// <summary>A circle around (X, Y) with radius A.</summary>
    Circle,

    /// <summary>A cross marker at (X, Y) of size A.</summary>
    Marker,

    /// <summary>A small dot at (X, Y), for edge points.</summary>
    Dot,
}

/// <summary>How an overlay shape is coloured: a region searched, a passing feature, a failing one.</summary>
public enum ShapeTone
{
    /// <summary>A search region or reference geometry (drawn thin, neutral).</summary>
    Region,

    /// <summary>A feature that passed (green).</summary>
    Pass,

    /// <summary>A feature that failed (red).</summary>
    Fail,
}

/// <summary>One primitive of a result's overlay in image pixels, with an optional label drawn beside it.</summary>
public readonly record struct OverlayShape(ShapeKind Kind, ShapeTone Tone, double X, double Y, double A, double B, double Angle, string? Label = null);
