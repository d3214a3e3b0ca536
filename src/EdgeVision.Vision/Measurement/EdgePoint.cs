using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>Which way the gray level must change, walking along a caliper's +u axis, for an edge to count.</summary>
public enum EdgePolarity
{
    /// <summary>Either direction.</summary>
    Any,

    /// <summary>The gray level rises along +u (dark before, light after).</summary>
    DarkToLight,

    /// <summary>The gray level falls along +u (light before, dark after).</summary>
    LightToDark,
}

/// <summary>
/// One edge found by a <see cref="Caliper"/>: <paramref name="Position"/> is the sub-pixel offset along the caliper's
/// u axis from its centre (px), (<paramref name="X"/>, <paramref name="Y"/>) the same point in image pixels, and
/// <paramref name="Strength"/> the signed gradient at the edge (gray levels per px, positive for dark to light).
/// </summary>
public readonly record struct EdgePoint(double Position, double X, double Y, double Strength)
{
    /// <summary>The edge as an image point.</summary>
    public Point2d Point => new(X, Y);
}

/// <summary>Two edges of one caliper, <paramref name="First"/> before <paramref name="Second"/> along +u: the two sides of a stripe, a gap or a slot.</summary>
public readonly record struct EdgePair(EdgePoint First, EdgePoint Second)
{
    /// <summary>Distance between the two edges (px).</summary>
    public double Width => Math.Abs(Second.Position - First.Position);

    /// <summary>The point halfway between the two edges, in image pixels.</summary>
    public Point2d Centre => new((First.X + Second.X) / 2, (First.Y + Second.Y) / 2);

    /// <summary>The offset of <see cref="Centre"/> along the caliper's u axis from its centre (px).</summary>
    public double CentrePosition => (First.Position + Second.Position) / 2;
}
