using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// Maps image pixels to millimetres on the inspection plane, found from one image of a board lying on that plane:
/// a homography from image to board coordinates (origin at the board's first point, x along its rows), the scale in
/// millimetres per pixel at the board's centre (area-equivalent, and for a step along the image's x and y axes), the
/// angle of the board's x axis in the image (degrees, image y down, so positive turns clockwise on screen), and the
/// RMS residual of the board points in millimetres.
/// When calibrated with a <see cref="CameraModel"/> (<see cref="Undistorted"/>), pixel coordinates are those of the
/// image after <see cref="Undistorter"/> with the camera matrix kept (its default); otherwise those of the raw image.
/// Plain data (the homography as 9 row-major values), so it serialises as it is; the mappings allocate nothing.
/// </summary>
public sealed class PlaneCalibration
{
    private readonly double[] _h = new double[9];
    private readonly double[] _inverse;

    /// <summary>Creates a plane calibration from its stored values (as serialised).</summary>
    public PlaneCalibration(double[] homography, double mmPerPixel, double mmPerPixelX, double mmPerPixelY, double angleDeg, double residualRmsMm, bool undistorted)
    {
        ArgumentNullException.ThrowIfNull(homography);
        if (homography.Length != 9)
        {
            ThrowHelper.ThrowArgument("A homography has 9 values (3×3, row-major).", nameof(homography));
        }

        homography.CopyTo(_h, 0);
        var inverse = Matrix3.Invert(_h);
        if (inverse is null)
        {
            ThrowHelper.ThrowArgument("The homography is singular.", nameof(homography));
        }

        _inverse = inverse;
        MmPerPixel = mmPerPixel;
        MmPerPixelX = mmPerPixelX;
        MmPerPixelY = mmPerPixelY;
        AngleDeg = angleDeg;
        ResidualRmsMm = residualRmsMm;
        Undistorted = undistorted;
    }

    /// <summary>The image-to-plane homography, 3×3 row-major (a copy).</summary>
    public double[] Homography => (double[])_h.Clone();

    /// <summary>Millimetres per pixel at the board's centre, area-equivalent (square root of the Jacobian's determinant).</summary>
    public double MmPerPixel { get; }

    /// <summary>Millimetres on the plane per pixel step along the image's x axis, at the board's centre.</summary>
    public double MmPerPixelX { get; }

    /// <summary>Millimetres on the plane per pixel step along the image's y axis, at the board's centre.</summary>
    public double MmPerPixelY { get; }

    /// <summary>The direction of the board's x axis in the image, in degrees (image y down).</summary>
    public double AngleDeg { get; }

    /// <summary>RMS distance in millimetres between the board points and where the homography puts their images.</summary>
    public double ResidualRmsMm { get; }

    /// <summary>True when the board points were undistorted with a camera model before the homography was fitted.</summary>
    public bool Undistorted { get; }

    /// <summary>
    /// Calibrates from one image of <paramref name="board"/> lying on the plane; with <paramref name="camera"/> the
    /// detected points are undistorted first. Throws <see cref="InvalidOperationException"/> when the board is not found.
    /// </summary>
    public static PlaneCalibration Calibrate(Mat gray, CalibrationBoard board, CameraModel? camera = null)
    {
        ArgumentNullException.ThrowIfNull(board);
        using var detector = new BoardDetector(board);
        if (!detector.TryDetect(gray, out var points))
        {
            ThrowHelper.ThrowInvalidOperation($"The {board.Spec} board was not found in the plane calibration image.");
        }

        var image = new Point2d[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            image[i] = new Point2d(points[i].X, points[i].Y);
            if (camera is not null)
            {
                var (x, y) = camera.PixelToNormalized(points[i].X, points[i].Y);
                image[i] = new Point2d((camera.Fx * x) + camera.Cx, (camera.Fy * y) + camera.Cy);
            }
        }

        var objects = board.ObjectPoints();
        var plane = new Point2d[objects.Length];
        for (var i = 0; i < objects.Length; i++)
        {
            plane[i] = new Point2d(objects[i].X, objects[i].Y);
        }

        return FromPoints(image, plane, camera is not null);
    }

    /// <summary>Fits the plane calibration to matching image points (pixels) and plane points (millimetres), at least 4.</summary>
    public static PlaneCalibration FromPoints(IReadOnlyList<Point2d> imagePoints, IReadOnlyList<Point2d> planePoints, bool undistorted)
    {
        ArgumentNullException.ThrowIfNull(imagePoints);
        ArgumentNullException.ThrowIfNull(planePoints);
        if (imagePoints.Count != planePoints.Count || imagePoints.Count < 4)
        {
            ThrowHelper.ThrowArgument("A plane calibration needs at least 4 matching image and plane points.", nameof(imagePoints));
        }

        using var found = Cv2.FindHomography(imagePoints, planePoints);
        if (found.Empty())
        {
            ThrowHelper.ThrowInvalidOperation("No homography fits the board points (are they collinear?).");
        }

        var h = new double[9];
        for (var i = 0; i < 9; i++)
        {
            h[i] = found.At<double>(i / 3, i % 3);
        }

        double sx = 0, sy = 0, squares = 0;
        for (var i = 0; i < imagePoints.Count; i++)
        {
            sx += imagePoints[i].X;
            sy += imagePoints[i].Y;
            var (px, py) = Map(h, imagePoints[i].X, imagePoints[i].Y);
            squares += ((px - planePoints[i].X) * (px - planePoints[i].X)) + ((py - planePoints[i].Y) * (py - planePoints[i].Y));
        }

        double cx = sx / imagePoints.Count, cy = sy / imagePoints.Count;
        var (a, b, c, d) = Jacobian(h, cx, cy);
        var det = (a * d) - (b * c);

        // The image of the board's x direction is the first column of the inverse Jacobian: (d, −c) / det.
        var angle = Math.Atan2(-c / det, d / det) * 180 / Math.PI;
        return new PlaneCalibration(h, Math.Sqrt(Math.Abs(det)), Math.Sqrt((a * a) + (c * c)), Math.Sqrt((b * b) + (d * d)), angle,
            Math.Sqrt(squares / imagePoints.Count), undistorted);
    }

    /// <summary>Maps an image pixel to plane millimetres.</summary>
    public (double X, double Y) ToPlane(double x, double y) => Map(_h, x, y);

    /// <summary>Maps plane millimetres to an image pixel.</summary>
    public (double X, double Y) ToImage(double xMm, double yMm) => Map(_inverse, xMm, yMm);

    /// <summary>Millimetres per pixel (area-equivalent) at image point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public double MmPerPixelAt(double x, double y)
    {
        var (a, b, c, d) = Jacobian(_h, x, y);
        return Math.Sqrt(Math.Abs((a * d) - (b * c)));
    }

    private static (double X, double Y) Map(double[] h, double x, double y)
    {
        var w = (h[6] * x) + (h[7] * y) + h[8];
        return (((h[0] * x) + (h[1] * y) + h[2]) / w, ((h[3] * x) + (h[4] * y) + h[5]) / w);
    }

    /// <summary>The Jacobian [∂X/∂x ∂X/∂y; ∂Y/∂x ∂Y/∂y] of the homography at (x, y).</summary>
    private static (double A, double B, double C, double D) Jacobian(double[] h, double x, double y)
    {
        var w = (h[6] * x) + (h[7] * y) + h[8];
        var (px, py) = Map(h, x, y);
        return ((h[0] - (px * h[6])) / w, (h[1] - (px * h[7])) / w, (h[3] - (py * h[6])) / w, (h[4] - (py * h[7])) / w);
    }
}
