using EdgeVision.Vision.Geometry;
using OpenCvSharp;

namespace EdgeVision.Vision.Measurement;

/// <summary>
/// How each caliper of an array searches: <paramref name="Length"/> px along its search direction (centred on the
/// nominal feature), <paramref name="Width"/> px averaged across it, the edge <paramref name="Polarity"/> and the
/// minimum gradient <paramref name="MinStrength"/> (gray levels per px).
/// </summary>
public readonly record struct EdgeSearch(double Length, double Width, EdgePolarity Polarity, double MinStrength);

/// <summary>
/// Places a row of calipers along a nominal line segment or around a nominal circle and collects the strongest edge
/// of each, to feed <see cref="LineFit"/> or <see cref="CircleFit"/>. Uses one <see cref="Caliper"/> for all of them, so
/// it allocates nothing once the caliper is warm.
/// </summary>
public static class CaliperArray
{
    /// <summary>
    /// Searches with <paramref name="count"/> calipers centred evenly along the segment from <paramref name="start"/>
    /// to <paramref name="end"/> (at (k + ½)/count of the way), each across the segment along its normal (−dy, dx), the
    /// segment direction turned 90° clockwise on screen; polarity is read along that normal. Writes the edge of each
    /// caliper that found one, in order; returns how many did (edges beyond the span's length are counted only).
    /// </summary>
    public static int AlongSegment(Caliper caliper, Mat gray, Point2d start, Point2d end, int count, in EdgeSearch search, Span<EdgePoint> edges)
    {
        var found = 0;
        for (var k = 0; k < count; k++)
        {
            if (ProbeSegment(caliper, gray, start, end, count, k, search, out var edge))
            {
                if (found < edges.Length)
                {
                    edges[found] = edge;
                }

                found++;
            }
        }

        return found;
    }

    /// <summary>Like the <see cref="EdgePoint"/> overload, writing only the image points of the edges.</summary>
    public static int AlongSegment(Caliper caliper, Mat gray, Point2d start, Point2d end, int count, in EdgeSearch search, Span<Point2d> points)
    {
        var found = 0;
        for (var k = 0; k < count; k++)
        {
            if (ProbeSegment(caliper, gray, start, end, count, k, search, out var edge))
            {
                if (found < points.Length)
                {
                    points[found] = edge.Point;
                }

                found++;
            }
        }

        return found;
    }

    /// <summary>
    /// Searches with <paramref name="count"/> radial calipers evenly spaced around the nominal circle of
    /// <paramref name="radius"/> about <paramref name="centre"/> (the first at angle 0, along +x), each reaching
    /// Length/2 inside and outside it; polarity is read walking outward, so a dark hole in a bright surface is
    /// <see cref="EdgePolarity.DarkToLight"/>. Each <see cref="EdgePoint.Position"/> is the found radius minus the nominal
    /// one, corrected for the curvature of the edge across the caliper width. Returns how many calipers found an edge.
    /// </summary>
    public static int AroundCircle(Caliper caliper, Mat gray, Point2d centre, double radius, int count, in EdgeSearch search, Span<EdgePoint> edges)
    {
        var found = 0;
        for (var k = 0; k < count; k++)
        {
            if (ProbeCircle(caliper, gray, centre, radius, count, k, search, out var edge))
            {
                if (found < edges.Length)
                {
                    edges[found] = edge;
                }

                found++;
            }
        }

        return found;
    }

    /// <summary>Like the <see cref="EdgePoint"/> overload, writing only the image points of the edges.</summary>
    public static int AroundCircle(Caliper caliper, Mat gray, Point2d centre, double radius, int count, in EdgeSearch search, Span<Point2d> points)
    {
        var found = 0;
        for (var k = 0; k < count; k++)
        {
            if (ProbeCircle(caliper, gray, centre, radius, count, k, search, out var edge))
            {
                if (found < points.Length)
                {
                    points[found] = edge.Point;
                }

                found++;
            }
        }

        return found;
    }

    private static bool ProbeSegment(Caliper caliper, Mat gray, Point2d start, Point2d end, int count, int k, in EdgeSearch search, out EdgePoint edge)
    {
        ArgumentNullException.ThrowIfNull(caliper);
        double dx = end.X - start.X, dy = end.Y - start.Y;
        if (count < 1 || !((dx * dx) + (dy * dy) > 0))
        {
            ThrowHelper.ThrowArgument("A caliper array needs at least one caliper and a segment of non-zero length.", nameof(count));
        }

        var t = (k + 0.5) / count;
        var angle = (Math.Atan2(dy, dx) * 180 / Math.PI) + 90;
        var roi = new RotatedRoi(start.X + (t * dx), start.Y + (t * dy), search.Length, search.Width, angle);
        return caliper.FindStrongestEdge(gray, roi, search.Polarity, search.MinStrength, out edge);
    }

    private static bool ProbeCircle(Caliper caliper, Mat gray, Point2d centre, double radius, int count, int k, in EdgeSearch search, out EdgePoint edge)
    {
        ArgumentNullException.ThrowIfNull(caliper);
        if (count < 1 || !(radius > 0))
        {
            ThrowHelper.ThrowArgument("A radial caliper array needs at least one caliper and a positive radius.", nameof(count));
        }

        var angle = 360.0 * k / count;
        var a = angle * Math.PI / 180;
        var roi = new RotatedRoi(centre.X + (radius * Math.Cos(a)), centre.Y + (radius * Math.Sin(a)), search.Length, search.Width, angle);
        if (!caliper.FindStrongestEdge(gray, roi, search.Polarity, search.MinStrength, out edge))
        {
            return false;
        }

        // Across the width the circle bends back toward the centre by v²/2r, so the averaged profile puts the edge
        // short of the radius by the mean of v² over the width samples, (m² − 1)/12, divided by 2r.
        var m = Caliper.SamplesAcross(search.Width);
        var found = radius + edge.Position;
        if (found > 0)
        {
            var position = edge.Position + ((((m * m) - 1) / 12.0) / (2 * found));
            var (x, y) = roi.ToImage(position, 0);
            edge = edge with { Position = position, X = x, Y = y };
        }

        return true;
    }
}
