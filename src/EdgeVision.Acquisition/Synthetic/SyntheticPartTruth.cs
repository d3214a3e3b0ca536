namespace EdgeVision.Acquisition.Synthetic;

/// <summary>The kinds of defect the synthetic conveyor can put on a part.</summary>
public enum SyntheticDefectKind
{
    /// <summary>A thin dark line on the surface.</summary>
    Scratch,

    /// <summary>A dark round stain on the surface.</summary>
    Spot,

    /// <summary>One of the two holes was not drilled.</summary>
    MissingHole,

    /// <summary>One hole was drilled with the wrong diameter.</summary>
    WrongHoleDiameter,
}

/// <summary>One hole as drawn: centre in image pixels, diameter in pixels, whether it was drawn at all.</summary>
public readonly record struct HoleTruth(double X, double Y, double Diameter, bool Present);

/// <summary>Where a surface defect was drawn in part coordinates: centre, size (length or radius) and angle.</summary>
public readonly record struct SurfaceMarkTruth(double U, double V, double Size, double AngleDeg);

/// <summary>One defect as drawn, with its bounding box in image pixels.</summary>
public readonly record struct DefectTruth(SyntheticDefectKind Kind, int X, int Y, int Width, int Height);

/// <summary>
/// What a synthetic frame really shows: the part's pose, its holes and its defect, so tests can check the
/// pipeline's answers. Values are exact (the renderer draws from them with sub-pixel precision).
/// </summary>
public sealed class SyntheticPartTruth
{
    /// <summary>Frame index this truth belongs to.</summary>
    public long FrameIndex { get; internal set; }

    /// <summary>Part centre x in pixels.</summary>
    public double X { get; internal set; }

    /// <summary>Part centre y in pixels.</summary>
    public double Y { get; internal set; }

    /// <summary>Angle of the part's long axis in degrees (image y down, so positive turns clockwise on screen).</summary>
    public double AngleDeg { get; internal set; }

    /// <summary>Plate length (long side) in pixels.</summary>
    public double Length { get; internal set; }

    /// <summary>Plate width (short side) in pixels.</summary>
    public double Width { get; internal set; }

    /// <summary>The hole at negative u (left when the angle is 0).</summary>
    public HoleTruth Hole1 { get; internal set; }

    /// <summary>The hole at positive u.</summary>
    public HoleTruth Hole2 { get; internal set; }

    /// <summary>The defect, when <see cref="IsDefective"/>.</summary>
    public DefectTruth Defect { get; internal set; }

    /// <summary>Geometry of a scratch or spot in part coordinates (meaningless for hole defects).</summary>
    public SurfaceMarkTruth SurfaceMark { get; internal set; }

    /// <summary>True when the part carries a defect and must be rejected.</summary>
    public bool IsDefective { get; internal set; }

    /// <summary>An independent copy (frames and their truth objects are reused).</summary>
    public SyntheticPartTruth Clone() => (SyntheticPartTruth)MemberwiseClone();
}
