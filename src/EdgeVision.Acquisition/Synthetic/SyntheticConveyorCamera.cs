using EdgeVision.Acquisition.Sources;
using EdgeVision.Vision;
using EdgeVision.Vision.Color;
using EdgeVision.Vision.Drawing;
using OpenCvSharp;

namespace EdgeVision.Acquisition.Synthetic;

/// <summary>
/// A camera for development and tests: a triggered view of a conveyor on which machined plates with two holes pass,
/// one part per frame, at varying position and rotation, some with defects. The scene is rendered in colour with
/// sub-pixel anti-aliasing, passed through a simulated sensor (per-channel gain, noise) and sampled as a raw Bayer
/// mosaic. Deterministic from the seed; every frame carries its <see cref="SyntheticPartTruth"/>.
/// </summary>
public sealed class SyntheticConveyorCamera : IFrameSource
{
    private const int Shift = 4; // fractional bits of drawing coordinates: positions in 1/16 px
    private const double One = 1 << Shift;
    private const int BeltPeriod = 480;
    private const int BeltStep = 37;

    /// <summary>The simulated sensor's gain per channel in B, G, R order; the demo recipe's white balance undoes it.</summary>
    public static readonly (double B, double G, double R) SensorGains = (0.75, 1.0, 0.55);

    private static readonly Scalar PlateColor = new(200, 198, 192);
    private static readonly Scalar HoleColor = new(30, 28, 26);
    private static readonly Scalar ScratchColor = new(112, 106, 100);
    private static readonly Scalar SpotColor = new(50, 70, 100);

    private readonly SyntheticConveyorOptions _options;
    private readonly ConveyorScene _scene;
    private readonly TimeProvider _time;
    private readonly Dictionary<Frame, SyntheticPartTruth> _truths = [];
    private readonly Point2d[] _corners = new Point2d[4];
    private readonly byte[] _luts;
    private readonly sbyte[] _noise;
    private Mat? _belt;
    private Mat? _image;
    private long _next;
    private readonly FramePacer _pacer;

    /// <summary>Creates the camera; nothing is allocated until <see cref="Open"/>.</summary>
    public SyntheticConveyorCamera(string name, SyntheticConveyorOptions options, TimeProvider? time = null)
    {
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _scene = new ConveyorScene(options);
        _time = time ?? TimeProvider.System;
        _pacer = new FramePacer(options.FramesPerSecond, _time);
        _luts = BayerMosaic.GainLuts(SensorGains.B, SensorGains.G, SensorGains.R);
        _noise = new sbyte[(1 << 16) + 17]; // odd length so successive rows do not repeat the same noise
        var rng = new SplitMix64(options.Seed * 31);
        for (var i = 0; i < _noise.Length; i++)
        {
            _noise[i] = (sbyte)Math.Clamp(Math.Round(options.Noise * rng.NextGaussian()), -127, 127);
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int Width => _options.Width;

    /// <inheritdoc/>
    public int Height => _options.Height;

    /// <inheritdoc/>
    public PixelFormat Format => _options.Format;

    /// <summary>The scene model, to ask for the truth of any frame index.</summary>
    public ConveyorScene Scene => _scene;

    /// <inheritdoc/>
    public void Open()
    {
        _belt ??= RenderBelt(_options.Width + BeltPeriod, _options.Height, _options.Seed);
        _image ??= new Mat(_options.Height, _options.Width, MatType.CV_8UC3);
        _pacer.Restart();
    }

    /// <inheritdoc/>
    public bool Capture(Frame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_image is null || _belt is null)
        {
            ThrowHelper.ThrowInvalidOperation("Open the camera before capturing.");
        }

        if (!_pacer.WaitForNextFrame(cancellationToken))
        {
            return false;
        }

        if (!_truths.TryGetValue(frame, out var truth))
        {
            truth = new SyntheticPartTruth();
            _truths[frame] = truth;
        }

        var index = _next++;
        _scene.Fill(index, truth);
        Render(truth, index);
        BayerMosaic.Mosaic(_image, frame.Image, _options.Format, _luts, _noise, (int)((ulong)index * 7919 % (ulong)_noise.Length));
        frame.Format = _options.Format;
        frame.Sequence = index;
        frame.Timestamp = _time.GetTimestamp();
        frame.CaptureTime = _time.GetUtcNow();
        frame.TriggerId = 0;
        frame.TriggerTimestamp = 0;
        frame.Truth = truth;
        return true;
    }

    private void Render(SyntheticPartTruth truth, long index)
    {
        var image = _image!;
        CopyBelt(_belt!, image, (int)(index * BeltStep % BeltPeriod));
        var halfL = truth.Length / 2;
        var halfW = truth.Width / 2;
        SetCorner(0, truth, -halfL, -halfW);
        SetCorner(1, truth, halfL, -halfW);
        SetCorner(2, truth, halfL, halfW);
        SetCorner(3, truth, -halfL, halfW);
        CoverageShapes.FillConvexQuad(image, _corners, PlateColor);
        DrawHole(image, truth.Hole1);
        DrawHole(image, truth.Hole2);
        if (truth.IsDefective)
        {
            DrawSurfaceMark(image, truth);
        }
    }

    private void SetCorner(int i, SyntheticPartTruth truth, double u, double v)
    {
        var (x, y) = ConveyorScene.ToImage(truth, u, v);
        _corners[i] = new Point2d(x, y);
    }

    private static void DrawHole(Mat image, HoleTruth hole)
    {
        if (hole.Present)
        {
            // Exact coverage, not cv::circle: the truth is what the gauges are checked against.
            CoverageShapes.FillDisc(image, hole.X, hole.Y, hole.Diameter / 2, HoleColor);
        }
    }

    private static void DrawSurfaceMark(Mat image, SyntheticPartTruth truth)
    {
        var mark = truth.SurfaceMark;
        var (x, y) = ConveyorScene.ToImage(truth, mark.U, mark.V);
        switch (truth.Defect.Kind)
        {
            case SyntheticDefectKind.Spot:
                Cv2.Circle(image, new Point((int)(x * One), (int)(y * One)), (int)(mark.Size * One), SpotColor, -1, LineTypes.AntiAlias, Shift);
                break;
            case SyntheticDefectKind.Scratch:
                var a = (mark.AngleDeg + truth.AngleDeg) * Math.PI / 180;
                double dx = Math.Cos(a) * mark.Size / 2, dy = Math.Sin(a) * mark.Size / 2;
                var p1 = new Point((int)((x - dx) * One), (int)((y - dy) * One));
                var p2 = new Point((int)((x + dx) * One), (int)((y + dy) * One));
                Cv2.Line(image, p1, p2, ScratchColor, 2, LineTypes.AntiAlias, Shift);
                break;
            default:
                break;
        }
    }

    // Copies the belt window starting at column offset; rows are copied as spans (both images 8UC3).
    private static unsafe void CopyBelt(Mat belt, Mat image, int offset)
    {
        int rows = image.Rows, rowBytes = image.Cols * 3;
        var src = (byte*)belt.DataPointer;
        var dst = (byte*)image.DataPointer;
        long srcStride = belt.Step(), dstStride = image.Step();
        for (var y = 0; y < rows; y++)
        {
            new ReadOnlySpan<byte>(src + (y * srcStride) + (offset * 3), rowBytes).CopyTo(new Span<byte>(dst + (y * dstStride), rowBytes));
        }
    }

    // A dark rubber belt: fine grain, slats every 48 px, rendered once.
    private static Mat RenderBelt(int width, int height, ulong seed)
    {
        var belt = new Mat(height, width, MatType.CV_8UC3, new Scalar(70, 78, 62));
        using var grain = new Mat(height, width, MatType.CV_16SC3);
        Cv2.SetTheRNG(seed + 17);
        Cv2.Randn(grain, Scalar.All(0), Scalar.All(14));
        using var belt16 = new Mat();
        belt.ConvertTo(belt16, MatType.CV_16SC3);
        Cv2.Add(belt16, grain, belt16);
        belt16.ConvertTo(belt, MatType.CV_8UC3);
        Cv2.GaussianBlur(belt, belt, new Size(5, 5), 1.2);
        for (var x = 0; x < width; x += 48)
        {
            Cv2.Rectangle(belt, new Rect(x, 0, 6, height), new Scalar(45, 50, 40), -1);
        }

        return belt;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _belt?.Dispose();
        _image?.Dispose();
        _belt = null;
        _image = null;
    }
}
