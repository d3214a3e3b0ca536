using EdgeVision.Vision.Calibration;

namespace EdgeVision.Vision.Tests.Calibration;

/// <summary>The test camera of the calibration issue and a seeded set of board poses that keep the board in view.</summary>
internal static class CalibrationViews
{
    public static CameraModel TrueCamera { get; } = new(1280, 960, 1100, 1100, 645.3, 478.9, [-0.12, 0.05, 0.0008, -0.0005, 0]);

    public static CalibrationBoard Chessboard { get; } = new(BoardKind.Chessboard, 9, 6, 25);

    private static readonly Lazy<SyntheticBoardRenderer> SharedRenderer = new(() => new SyntheticBoardRenderer(TrueCamera) { NoiseSigma = 1.5 });

    /// <summary>A renderer for <see cref="TrueCamera"/> with mild noise, shared (it is thread-safe) because tracing its rays takes a moment.</summary>
    public static SyntheticBoardRenderer Renderer => SharedRenderer.Value;

    /// <summary>Renders one image per pose, named view00, view01, …</summary>
    public static List<CalibrationImage> Render(SyntheticBoardRenderer renderer, CalibrationBoard board, IReadOnlyList<BoardPose> poses)
    {
        var images = new List<CalibrationImage>(poses.Count);
        for (var i = 0; i < poses.Count; i++)
        {
            images.Add(new CalibrationImage($"view{i:D2}", renderer.Render(board, poses[i], noiseSeed: i + 1)));
        }

        return images;
    }

    /// <summary>
    /// The largest distance in pixels, over a grid across the image less an <paramref name="inset"/> fraction on each
    /// side, between where the true and the recovered camera put the same ray: the error a measurement would see.
    /// </summary>
    public static double WorstRayErrorPx(CameraModel truth, CameraModel recovered, double inset = 0)
    {
        var worst = 0.0;
        for (var j = 0; j <= 12; j++)
        {
            var v = (truth.Height - 1) * (inset + ((1 - (2 * inset)) * j / 12.0));
            for (var i = 0; i <= 16; i++)
            {
                var u = (truth.Width - 1) * (inset + ((1 - (2 * inset)) * i / 16.0));
                var (x, y) = truth.PixelToNormalized(u, v);
                var (pu, pv) = recovered.Project(x, y, 1);
                worst = Math.Max(worst, Math.Sqrt(((pu - u) * (pu - u)) + ((pv - v) * (pv - v))));
            }
        }

        return worst;
    }

    /// <summary>
    /// <paramref name="count"/> poses with tilts up to ±30° about both axes, rolls up to ±15°, the board shifted
    /// about the image and at a distance where it covers a good part of it; each keeps the whole sheet (points plus
    /// margin) at least <paramref name="border"/> pixels inside the image.
    /// </summary>
    public static List<BoardPose> Poses(CameraModel camera, CalibrationBoard board, int count, int seed, double minDistance, double maxDistance, double border = 20)
    {
        var random = new Random(seed);
        var poses = new List<BoardPose>();
        var (w, h) = board.PointExtentMm;
        var margin = 2.2 * board.SpacingMm;
        while (poses.Count < count)
        {
            var tiltX = (random.NextDouble() * 60) - 30;
            var tiltY = (random.NextDouble() * 60) - 30;
            var roll = (random.NextDouble() * 30) - 15;
            var distance = minDistance + (random.NextDouble() * (maxDistance - minDistance));
            var shiftX = ((random.NextDouble() * 2) - 1) * 0.4 * distance;
            var shiftY = ((random.NextDouble() * 2) - 1) * 0.3 * distance;
            var pose = BoardPose.FromAngles(board, tiltX, tiltY, roll, distance, shiftX, shiftY);
            if (InView(camera, pose, -margin, -margin, w + margin, h + margin, border))
            {
                poses.Add(pose);
            }
        }

        return poses;
    }

    private static bool InView(CameraModel camera, BoardPose pose, double x0, double y0, double x1, double y1, double border)
    {
        // Sample the sheet's outline densely: with distortion its edges are not straight in the image.
        for (var i = 0; i <= 20; i++)
        {
            var t = i / 20.0;
            foreach (var (x, y) in new[] { (x0 + (t * (x1 - x0)), y0), (x0 + (t * (x1 - x0)), y1), (x0, y0 + (t * (y1 - y0))), (x1, y0 + (t * (y1 - y0))) })
            {
                var (cx, cy, cz) = pose.ToCamera(x, y);
                if (cz <= 0)
                {
                    return false;
                }

                var (u, v) = camera.Project(cx, cy, cz);
                if (u < border || v < border || u > camera.Width - 1 - border || v > camera.Height - 1 - border)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
