namespace EdgeVision.Inspection.Tools;

/// <summary>What kind of value a measurement is, which decides its unit and how calibration converts it.</summary>
public enum Quantity
{
    /// <summary>A length or distance (px, or mm on a calibrated recipe).</summary>
    Length,

    /// <summary>An area (px², or mm² on a calibrated recipe).</summary>
    Area,

    /// <summary>An angle in degrees.</summary>
    Angle,

    /// <summary>A count of things.</summary>
    Count,

    /// <summary>A dimensionless ratio or score (circularity, match score, confidence).</summary>
    Ratio,

    /// <summary>A gray level (0–255).</summary>
    Intensity,

    /// <summary>A CIELAB component or colour difference (ΔE).</summary>
    Color,
}
