namespace EdgeVision.Vision.Locate;

/// <summary>
/// A plane-to-plane projective map (row-major 3×3, M33 normally 1): (x, y) maps to
/// ((M11·x + M12·y + M13) / w, (M21·x + M22·y + M23) / w) with w = M31·x + M32·y + M33.
/// </summary>
public readonly record struct Homography(
    double M11, double M12, double M13,
    double M21, double M22, double M23,
    double M31, double M32, double M33)
{
    /// <summary>The map that leaves every point where it is.</summary>
    public static Homography Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>Maps a point.</summary>
    public (double X, double Y) Map(double x, double y)
    {
        var w = (M31 * x) + (M32 * y) + M33;
        return (((M11 * x) + (M12 * y) + M13) / w, ((M21 * x) + (M22 * y) + M23) / w);
    }

    /// <summary>The map's derivative at (x, y): how a small step (dx, dy) there moves its image.</summary>
    public (double Dxx, double Dxy, double Dyx, double Dyy) Jacobian(double x, double y)
    {
        var w = (M31 * x) + (M32 * y) + M33;
        var a = (M11 * x) + (M12 * y) + M13;
        var b = (M21 * x) + (M22 * y) + M23;
        var w2 = w * w;
        return (((M11 * w) - (a * M31)) / w2, ((M12 * w) - (a * M32)) / w2, ((M21 * w) - (b * M31)) / w2, ((M22 * w) - (b * M32)) / w2);
    }

    /// <summary>
    /// The rotation (degrees, image y down, positive clockwise on screen) and scale of the similarity closest (least
    /// squares) to the map's derivative at (x, y): how the neighbourhood of that point is turned and sized.
    /// </summary>
    public (double AngleDeg, double Scale) SimilarityAt(double x, double y)
    {
        var (dxx, dxy, dyx, dyy) = Jacobian(x, y);
        double c = (dxx + dyy) / 2, s = (dyx - dxy) / 2;
        return (Math.Atan2(s, c) * 180 / Math.PI, Math.Sqrt((c * c) + (s * s)));
    }

    /// <summary>Determinant of the map's derivative at (x, y): negative where the map mirrors.</summary>
    public double AreaRatioAt(double x, double y)
    {
        var (dxx, dxy, dyx, dyy) = Jacobian(x, y);
        return (dxx * dyy) - (dxy * dyx);
    }
}
