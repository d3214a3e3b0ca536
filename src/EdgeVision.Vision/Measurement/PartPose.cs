namespace EdgeVision.Vision.Measurement;

/// <summary>
/// Where a part lies in the image: the centre and orientation of its bounding rectangle, which is the frame that
/// fixture-relative tools are placed in. Part coordinates (u along the length, v across it) map to image pixels by
/// rotating by <see cref="AngleDeg"/> (image y points down) and translating to (<see cref="X"/>, <see cref="Y"/>).
/// </summary>
public readonly record struct PartPose(bool Found, double X, double Y, double AngleDeg, double Length, double Width, int Area)
{
    /// <summary>A pose that says no part was found.</summary>
    public static PartPose NotFound => default;

    /// <summary>Maps a point in part coordinates to image pixels.</summary>
    public (double X, double Y) ToImage(double u, double v)
    {
        var a = AngleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a);
        return (X + (u * c) - (v * s), Y + (u * s) + (v * c));
    }

    /// <summary>Maps an image pixel to part coordinates.</summary>
    public (double U, double V) ToPart(double x, double y)
    {
        var a = AngleDeg * Math.PI / 180;
        double c = Math.Cos(a), s = Math.Sin(a), dx = x - X, dy = y - Y;
        return ((dx * c) + (dy * s), (-dx * s) + (dy * c));
    }

    /// <summary>Wraps an angle in degrees into (-90, 90], the range of a direction without a sense (a rectangle's axis).</summary>
    public static double WrapAxisAngle(double degrees)
    {
        var a = degrees % 180;
        if (a <= -90)
        {
            a += 180;
        }
        else if (a > 90)
        {
            a -= 180;
        }

        return a;
    }
}
