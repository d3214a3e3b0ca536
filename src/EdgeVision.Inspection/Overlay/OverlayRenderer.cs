using System.Globalization;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Overlay;

/// <summary>
/// Draws a result onto a copy of its image: the part's rectangle, each hole gauge with its diameter, defect boxes,
/// and the verdict. Passing things in green, failing ones in red. Used by the live view, off the pipeline thread.
/// </summary>
public static class OverlayRenderer
{
    private static readonly Scalar Good = new(60, 200, 60);
    private static readonly Scalar Bad = new(40, 40, 235);
    private static readonly Scalar Info = new(255, 220, 120);

    /// <summary>Draws <paramref name="result"/> of <paramref name="recipe"/> onto <paramref name="bgr"/> in place.</summary>
    public static void Draw(Mat bgr, InspectionResult result, Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(recipe);
        var pose = result.Pose;
        if (pose.Found)
        {
            var sizePass = (result.Reasons & ReasonCodes.PartSize) == 0;
            var length = Find(result, "part.length");
            var width = Find(result, "part.width");
            var box = new RotatedRect(new Point2f((float)pose.X, (float)pose.Y), new Size2f(length?.Value ?? 0, width?.Value ?? 0), (float)pose.AngleDeg);
            var corners = Array.ConvertAll(box.Points(), p => new Point((int)Math.Round(p.X), (int)Math.Round(p.Y)));
            Cv2.Polylines(bgr, [corners], true, sizePass ? Good : Bad, 2, LineTypes.AntiAlias);
            Cv2.DrawMarker(bgr, new Point((int)pose.X, (int)pose.Y), Info, MarkerTypes.Cross, 20, 2);
            DrawHoles(bgr, result, recipe);
        }

        foreach (var d in result.Defects)
        {
            Cv2.Rectangle(bgr, new Rect(d.X - 3, d.Y - 3, d.Width + 6, d.Height + 6), Bad, 2);
            Cv2.PutText(bgr, d.Kind, new Point(d.X, Math.Max(12, d.Y - 8)), HersheyFonts.HersheySimplex, 0.5, Bad, 1, LineTypes.AntiAlias);
        }

        var verdict = result.Verdict == Verdict.Pass ? "PASS" : "FAIL " + string.Join(' ', InspectionResult.ReasonNames(result.Reasons));
        var header = $"#{result.Sequence}  {verdict}  {result.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)} ms";
        Cv2.PutText(bgr, header, new Point(16, 36), HersheyFonts.HersheySimplex, 1.0, result.Verdict == Verdict.Pass ? Good : Bad, 2, LineTypes.AntiAlias);
    }

    private static void DrawHoles(Mat bgr, InspectionResult result, Recipe recipe)
    {
        var pose = new PartPose(true, result.Pose.X, result.Pose.Y, result.Pose.AngleDeg, 0, 0, 0);
        foreach (var hole in recipe.Holes)
        {
            var m = Find(result, hole.Name + ".diameter");
            var (x, y) = pose.ToImage(hole.U, hole.V);
            var pass = m?.Pass ?? false;
            var radius = m is { Value: > 0 } ? m.Value / 2 : hole.Diameter.Nominal / 2;
            var centre = new Point((int)Math.Round(x * 16), (int)Math.Round(y * 16));
            Cv2.Circle(bgr, centre, (int)Math.Round(radius * 16), pass ? Good : Bad, 2, LineTypes.AntiAlias, 4);
            var label = m is { Value: > 0 } ? $"{hole.Name} {m.Value.ToString("F2", CultureInfo.InvariantCulture)} px" : $"{hole.Name} missing";
            Cv2.PutText(bgr, label, new Point((int)(x - radius), (int)(y - radius - 8)), HersheyFonts.HersheySimplex, 0.5, pass ? Good : Bad, 1, LineTypes.AntiAlias);
        }
    }

    private static MeasurementResult? Find(InspectionResult result, string name)
    {
        foreach (var m in result.Measurements)
        {
            if (m.Name == name)
            {
                return m;
            }
        }

        return null;
    }
}
