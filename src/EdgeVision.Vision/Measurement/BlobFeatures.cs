using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>Which blobs <see cref="BlobAnalyzer"/> looks for.</summary>
public enum BlobPolarity
{
    /// <summary>Dark blobs on a light background: pixels at or below the threshold are blob pixels.</summary>
    DarkOnLight,

    /// <summary>Light blobs on a dark background: pixels above the threshold are blob pixels.</summary>
    LightOnDark,
}

/// <summary>
/// The measurements of one blob, in pixels of the analysed image (pixel (x, y) has its centre at integer (x, y)).
/// <see cref="Area"/> counts pixels; the other measurements come from the blob's iso-gray-level outline at the
/// threshold (marching squares, corners placed by linear interpolation between pixel values), which follows an
/// anti-aliased edge to a fraction of a pixel: <see cref="ContourArea"/> is the area that outline encloses (holes
/// subtracted), <see cref="Perimeter"/> its length (hole outlines included; where a blob touches the image border the
/// outline runs half a pixel outside the border pixels), and centroid, axes and angle its moments.
/// </summary>
/// <param name="Label">The blob's label in <see cref="BlobAnalyzer.Labels"/>.</param>
/// <param name="Area">Number of blob pixels.</param>
/// <param name="ContourArea">Area enclosed by the sub-pixel outline, holes subtracted.</param>
/// <param name="Perimeter">Length of the sub-pixel outline, hole outlines included.</param>
/// <param name="Circularity">4π·ContourArea / Perimeter²: 1 for a disc, π/4 for a square, near 0 for a line.</param>
/// <param name="Elongation">Major over minor axis of the equivalent ellipse (√ of the second-moment eigenvalue ratio): 1 for a disc or square, 4 for a 4:1 rectangle.</param>
/// <param name="X">Centroid x (sub-pixel).</param>
/// <param name="Y">Centroid y (sub-pixel).</param>
/// <param name="AngleDeg">Direction of the major axis in degrees, in (−90, 90] (image y down, positive clockwise on screen, as <see cref="PartPose"/>).</param>
/// <param name="MajorAxis">Full major axis length of the ellipse with the same second moments.</param>
/// <param name="MinorAxis">Full minor axis length of the ellipse with the same second moments.</param>
/// <param name="Box">Bounding box of the blob's pixels.</param>
public readonly record struct BlobFeatures(
    int Label, int Area, double ContourArea, double Perimeter, double Circularity, double Elongation,
    double X, double Y, double AngleDeg, double MajorAxis, double MinorAxis, Rect Box);

/// <summary>
/// Limits a blob must meet to be reported; a null limit is not checked. The area limits act as a pre-filter: blobs
/// outside them are dropped before their outline is measured.
/// </summary>
public readonly record struct BlobFilter
{
    /// <summary>Fewest pixels.</summary>
    public int? MinArea { get; init; }

    /// <summary>Most pixels.</summary>
    public int? MaxArea { get; init; }

    /// <summary>Shortest outline.</summary>
    public double? MinPerimeter { get; init; }

    /// <summary>Longest outline.</summary>
    public double? MaxPerimeter { get; init; }

    /// <summary>Least circularity (1 = disc).</summary>
    public double? MinCircularity { get; init; }

    /// <summary>Most circularity.</summary>
    public double? MaxCircularity { get; init; }

    /// <summary>Least elongation (1 = round or square).</summary>
    public double? MinElongation { get; init; }

    /// <summary>Most elongation.</summary>
    public double? MaxElongation { get; init; }

    /// <summary>True when the pixel count is within the area limits.</summary>
    public bool AreaPasses(int area) => (MinArea is not { } min || area >= min) && (MaxArea is not { } max || area <= max);

    /// <summary>True when every limit is met.</summary>
    public bool Passes(in BlobFeatures blob) =>
        AreaPasses(blob.Area) &&
        Within(blob.Perimeter, MinPerimeter, MaxPerimeter) &&
        Within(blob.Circularity, MinCircularity, MaxCircularity) &&
        Within(blob.Elongation, MinElongation, MaxElongation);

    private static bool Within(double value, double? min, double? max) =>
        (min is not { } lo || value >= lo) && (max is not { } hi || value <= hi);
}

/// <summary>How <see cref="BlobAnalyzer"/> segments and filters.</summary>
public readonly record struct BlobSettings
{
    /// <summary>Dark blobs on light or light blobs on dark.</summary>
    public BlobPolarity Polarity { get; init; }

    /// <summary>Gray level separating blob from background (8-bit images compare against its integer part); ignored with <see cref="UseOtsu"/>.</summary>
    public double Threshold { get; init; }

    /// <summary>Chooses the threshold per image with Otsu's method instead of <see cref="Threshold"/>.</summary>
    public bool UseOtsu { get; init; }

    /// <summary>Limits a blob must meet to be reported.</summary>
    public BlobFilter Filter { get; init; }
}
