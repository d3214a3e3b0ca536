using OpenCvSharp;

namespace EdgeVision.Vision.Calibration;

/// <summary>
/// Renders a calibration board as a known camera sees it, for tests, demos and checking a calibration: every output
/// pixel is traced back through the lens (the exact inverse of the camera's distortion) to a ray, the ray meets the
/// board plane, and the printed pattern is looked up analytically. Pixels that an edge crosses are supersampled
/// (<see cref="Supersampling"/>² sub-rays, each traced through the lens) and box-averaged, so edges are anti-aliased
/// with their true sub-pixel position. The rays of the pixel-corner grid depend only on the camera and are traced
/// once, in the constructor; each render then costs one plane intersection per pixel corner. Not for the per-frame
/// path: each render allocates its small row buffers.
/// </summary>
public sealed class SyntheticBoardRenderer
{
    private readonly int _width, _height;
    private readonly double[] _rayX, _rayY; // normalised ray of pixel corner (i − ½, j − ½), (width+1)×(height+1)

    /// <summary>Traces the pixel-corner rays of <paramref name="camera"/> once.</summary>
    public SyntheticBoardRenderer(CameraModel camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (camera.Width <= 0 || camera.Height <= 0)
        {
            ThrowHelper.ThrowArgument("The camera's image size must be positive.", nameof(camera));
        }

        Camera = camera;
        _width = camera.Width;
        _height = camera.Height;
        var corners = (_width + 1) * (_height + 1);
        _rayX = new double[corners];
        _rayY = new double[corners];
        for (var j = 0; j <= _height; j++)
        {
            for (var i = 0; i <= _width; i++)
            {
                var (x, y) = camera.PixelToNormalized(i - 0.5, j - 0.5);
                _rayX[(j * (_width + 1)) + i] = x;
                _rayY[(j * (_width + 1)) + i] = y;
            }
        }
    }

    /// <summary>The camera images are rendered for.</summary>
    public CameraModel Camera { get; }

    /// <summary>Gray level of the squares and circles.</summary>
    public double BlackLevel { get; init; } = 30;

    /// <summary>Gray level of the sheet the board is printed on.</summary>
    public double WhiteLevel { get; init; } = 220;

    /// <summary>Gray level around the sheet.</summary>
    public double BackgroundLevel { get; init; } = 100;

    /// <summary>Sub-rays per pixel side on edge pixels (8 gives 64 samples per pixel).</summary>
    public int Supersampling { get; init; } = 8;

    /// <summary>Circle radius as a fraction of the distance between nearest circles.</summary>
    public double CircleRadiusRatio { get; init; } = 0.3;

    /// <summary>Standard deviation of the Gaussian noise added to every pixel (0 for none).</summary>
    public double NoiseSigma { get; init; }

    /// <summary>Renders <paramref name="board"/> at <paramref name="pose"/> into a new 8-bit gray image.</summary>
    public Mat Render(CalibrationBoard board, BoardPose pose, int noiseSeed = 0)
    {
        var image = new Mat(_height, _width, MatType.CV_8UC1);
        Render(board, pose, image, noiseSeed);
        return image;
    }

    /// <summary>
    /// Renders into <paramref name="image"/> (8-bit gray, reallocated to the camera's size if needed). Safe to call
    /// from several threads at once: the renderer's state is read-only after construction.
    /// </summary>
    public unsafe void Render(CalibrationBoard board, BoardPose pose, Mat image, int noiseSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(image);
        board.EnsureValid();
        image.Create(_height, _width, MatType.CV_8UC1);
        var pattern = new BoardPattern(board, CircleRadiusRatio, BlackLevel, WhiteLevel, BackgroundLevel);
        var inverse = RayToBoard(pose);
        var noise = new GaussianSource(noiseSeed);
        var stride = image.Step();
        var data = (byte*)image.DataPointer;
        var n = Math.Max(1, Supersampling);

        // Board coordinates of the pixel corners above (top) and below (bottom) the current row of pixels.
        double[] topX = new double[_width + 1], topY = new double[_width + 1], bottomX = new double[_width + 1], bottomY = new double[_width + 1];
        IntersectRow(inverse, 0, topX, topY);
        for (var y = 0; y < _height; y++)
        {
            IntersectRow(inverse, y + 1, bottomX, bottomY);
            var row = new Span<byte>(data + (y * stride), _width);
            for (var x = 0; x < _width; x++)
            {
                var x0 = Math.Min(Math.Min(topX[x], topX[x + 1]), Math.Min(bottomX[x], bottomX[x + 1]));
                var x1 = Math.Max(Math.Max(topX[x], topX[x + 1]), Math.Max(bottomX[x], bottomX[x + 1]));
                var y0 = Math.Min(Math.Min(topY[x], topY[x + 1]), Math.Min(bottomY[x], bottomY[x + 1]));
                var y1 = Math.Max(Math.Max(topY[x], topY[x + 1]), Math.Max(bottomY[x], bottomY[x + 1]));
                if (!pattern.TryUniform(x0, y0, x1, y1, out var level))
                {
                    level = Supersample(in pattern, inverse, (y * (_width + 1)) + x, n);
                }

                if (NoiseSigma > 0)
                {
                    level += NoiseSigma * noise.Next();
                }

                row[x] = (byte)Math.Clamp(Math.Round(level), 0, 255);
            }

            (topX, bottomX) = (bottomX, topX);
            (topY, bottomY) = (bottomY, topY);
        }
    }

    /// <summary>Where the board's points appear in the rendered image (the ground truth a detector should find).</summary>
    public Point2d[] Project(CalibrationBoard board, BoardPose pose)
    {
        ArgumentNullException.ThrowIfNull(board);
        var objects = board.ObjectPoints();
        var pixels = new Point2d[objects.Length];
        for (var i = 0; i < objects.Length; i++)
        {
            var (cx, cy, cz) = pose.ToCamera(objects[i].X, objects[i].Y);
            var (u, v) = Camera.Project(cx, cy, cz);
            pixels[i] = new Point2d(u, v);
        }

        return pixels;
    }

    /// <summary>Box average of n×n sub-rays, each interpolated between the traced rays of the pixel's corners.</summary>
    private double Supersample(in BoardPattern pattern, double[] inverse, int k, int n)
    {
        var cornerStride = _width + 1;
        double ax = _rayX[k], bx = _rayX[k + 1], cx = _rayX[k + cornerStride], dx = _rayX[k + cornerStride + 1];
        double ay = _rayY[k], by = _rayY[k + 1], cy = _rayY[k + cornerStride], dy = _rayY[k + cornerStride + 1];
        var sum = 0.0;
        for (var j = 0; j < n; j++)
        {
            var v = (j + 0.5) / n;
            for (var i = 0; i < n; i++)
            {
                var u = (i + 0.5) / n;
                double w00 = (1 - u) * (1 - v), w01 = u * (1 - v), w10 = (1 - u) * v, w11 = u * v;
                var rx = (w00 * ax) + (w01 * bx) + (w10 * cx) + (w11 * dx);
                var ry = (w00 * ay) + (w01 * by) + (w10 * cy) + (w11 * dy);
                var (px, py) = Intersect(inverse, rx, ry);
                sum += pattern.Shade(px, py);
            }
        }

        return sum / (n * n);
    }

    /// <summary>
    /// The inverse of M = [r1 r2 t], which maps board (x, y, 1) to the camera ray (up to scale); row-major.
    /// </summary>
    private static double[] RayToBoard(BoardPose pose)
    {
        var r = pose.RotationMatrix();
        var inverse = Matrix3.Invert([r[0], r[1], pose.Translation.Item0, r[3], r[4], pose.Translation.Item1, r[6], r[7], pose.Translation.Item2]);
        if (inverse is null)
        {
            ThrowHelper.ThrowArgument("The board plane passes through the camera centre.", nameof(pose));
        }

        return inverse;
    }

    private void IntersectRow(double[] inverse, int cornerRow, double[] boardX, double[] boardY)
    {
        var start = cornerRow * (_width + 1);
        for (var i = 0; i <= _width; i++)
        {
            (boardX[i], boardY[i]) = Intersect(inverse, _rayX[start + i], _rayY[start + i]);
        }
    }

    /// <summary>Where the ray (x, y, 1) meets the board plane, or NaN when the plane is behind the camera there.</summary>
    private static (double X, double Y) Intersect(double[] m, double x, double y)
    {
        var w = (m[6] * x) + (m[7] * y) + m[8];
        if (!(w > 0))
        {
            return (double.NaN, double.NaN);
        }

        return (((m[0] * x) + (m[1] * y) + m[2]) / w, ((m[3] * x) + (m[4] * y) + m[5]) / w);
    }

    /// <summary>Seeded standard normal numbers (SplitMix64 and Box–Muller), the same on every platform.</summary>
    private struct GaussianSource(int seed)
    {
        private ulong _state = unchecked(((ulong)seed * 0x9E3779B97F4A7C15UL) + 0x2545F4914F6CDD1DUL);
        private double _spare = double.NaN;

        public double Next()
        {
            if (!double.IsNaN(_spare))
            {
                var spare = _spare;
                _spare = double.NaN;
                return spare;
            }

            var radius = Math.Sqrt(-2 * Math.Log(1.0 - NextUniform()));
            var (sin, cos) = Math.SinCos(2 * Math.PI * NextUniform());
            _spare = radius * sin;
            return radius * cos;
        }

        private double NextUniform()
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
