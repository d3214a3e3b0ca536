using System.Globalization;
using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Inspection.Overlay;

/// <summary>
/// Draws a result onto a copy of its image: every tool's regions, edges, fitted shapes and values from
/// <see cref="InspectionResult.Shapes"/>, passing things in green, failing ones in red, search regions in blue,
/// and the verdict with its reasons. Used by the live view and replay, off the pipeline thread.
/// </summary>
public static class OverlayRenderer
{
    private static readonly Scalar Good = new(60, 200, 60);
    private static readonly Scalar Bad = new(40, 40, 235);
    private static readonly Scalar Region = new(255, 200, 90);
    private const int Shift = 4;
    private const double One = 1 << Shift;

    /// <summary>Draws <paramref name="result"/> onto <paramref name="bgr"/> in place.</summary>
    public static void Draw(Mat bgr, InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentNullException.ThrowIfNull(result);
        var scale = Math.Max(1, bgr.Cols / 1280.0);
        foreach (var shape in result.Shapes)
        {
            DrawShape(bgr, shape, scale);
        }

        var verdict = result.Verdict == Verdict.Pass ? "PASS" : "FAIL " + string.Join(' ', result.Reasons);
        var header = $"#{result.Sequence}  {verdict}  {result.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms";
        Cv2.PutText(bgr, header, new Point(16, (int)(36 * scale)), HersheyFonts.HersheySimplex, scale, result.Verdict == Verdict.Pass ? Good : Bad, (int)(2 * scale), LineTypes.AntiAlias);
    }

    private static void DrawShape(Mat bgr, in OverlayShape s, double scale)
    {
        var color = s.Tone switch
        {
            ShapeTone.Pass => Good,
            ShapeTone.Fail => Bad,
            _ => Region,
        };
        var thickness = (int)Math.Max(1, (s.Tone == ShapeTone.Region ? 1 : 2) * scale);
        var labelAt = new Point((int)s.X, (int)s.Y);
        switch (s.Kind)
        {
            case ShapeKind.Box:
                var box = new RotatedRect(new Point2f((float)s.X, (float)s.Y), new Size2f(s.A, s.B), (float)s.Angle);
                var corners = Array.ConvertAll(box.Points(), p => new Point((int)Math.Round(p.X * One), (int)Math.Round(p.Y * One)));
                Cv2.Polylines(bgr, [corners], true, color, thickness, LineTypes.AntiAlias, Shift);
                labelAt = new Point((int)(s.X - (s.A / 2)), (int)(s.Y - (Math.Max(s.A, s.B) / 2) - 6));
                break;
            case ShapeKind.Segment:
                Cv2.Line(bgr, Fixed(s.X, s.Y), Fixed(s.A, s.B), color, thickness, LineTypes.AntiAlias, Shift);
                labelAt = new Point((int)((s.X + s.A) / 2) + 6, (int)((s.Y + s.B) / 2) - 6);
                break;
            case ShapeKind.Circle:
                Cv2.Circle(bgr, Fixed(s.X, s.Y), (int)Math.Round(s.A * One), color, thickness, LineTypes.AntiAlias, Shift);
                labelAt = new Point((int)(s.X - s.A), (int)(s.Y - s.A - 8));
                break;
            case ShapeKind.Marker:
                Cv2.DrawMarker(bgr, new Point((int)s.X, (int)s.Y), color, MarkerTypes.Cross, (int)Math.Max(6, s.A), thickness);
                break;
            default:
                Cv2.Circle(bgr, Fixed(s.X, s.Y), (int)(1.5 * One * scale), color, -1, LineTypes.AntiAlias, Shift);
                break;
        }

        if (s.Label is not null)
        {
            Cv2.PutText(bgr, s.Label, new Point(labelAt.X, Math.Max(12, labelAt.Y)), HersheyFonts.HersheySimplex, 0.5 * scale, color, (int)Math.Max(1, scale), LineTypes.AntiAlias);
        }
    }

    private static Point Fixed(double x, double y) => new((int)Math.Round(x * One), (int)Math.Round(y * One));
}
