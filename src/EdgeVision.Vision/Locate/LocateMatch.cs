using EdgeVision.Vision.Measurement;

namespace EdgeVision.Vision.Locate;

/// <summary>
/// Where a trained template was found: (<see cref="X"/>, <see cref="Y"/>) is where the template's reference point
/// lands in the image, <see cref="AngleDeg"/> how far the template is turned (image y down, positive turns clockwise on
/// screen, the convention of <see cref="PartPose"/>), <see cref="Scale"/> its size relative to the trained template and
/// <see cref="Score"/> the match quality (0..1). A template point at (u, v) from the reference point lands at
/// <see cref="ToImage"/>(u, v). When <see cref="Found"/> is false the other values describe the best candidate seen.
/// </summary>
public readonly record struct LocateMatch(bool Found, double X, double Y, double AngleDeg, double Scale, double Score)
{
    /// <summary>A match that says nothing was found.</summary>
    public static LocateMatch NotFound => default;

    /// <summary>Maps a template point, given relative to the reference point in template pixels, to image pixels.</summary>
    public (double X, double Y) ToImage(double u, double v)
    {
        var a = AngleDeg * Math.PI / 180;
        double c = Math.Cos(a) * Scale, s = Math.Sin(a) * Scale;
        return (X + (u * c) - (v * s), Y + (u * s) + (v * c));
    }

    /// <summary>
    /// The part pose this match places, for fixture-relative tools; <paramref name="length"/> and
    /// <paramref name="width"/> are the part's size in image pixels (scale already applied by the caller).
    /// </summary>
    public PartPose ToPose(double length, double width) =>
        Found ? new PartPose(true, X, Y, AngleDeg, length, width, 0) : PartPose.NotFound;
}
