using OpenCvSharp;

namespace EdgeVision.Vision.Color;

/// <summary>
/// Turns a raw frame into a corrected BGR image and a gray image: debayer → white balance + colour matrix → gray.
/// Owns its output images, allocated on the first frame and reused for every later frame of the same size.
/// </summary>
public sealed class ColorPipeline : IDisposable
{
    private readonly Mat _debayered = new();
    private readonly Mat _corrected = new();
    private readonly Mat _gray = new();
    private readonly Mat _transform;
    private readonly bool _correct;

    /// <summary>Creates a pipeline applying <paramref name="correction"/> after debayering.</summary>
    public ColorPipeline(ColorCorrection correction)
    {
        ArgumentNullException.ThrowIfNull(correction);
        _correct = !correction.IsIdentity;
        _transform = Mat.FromPixelData(3, 3, MatType.CV_32FC1, correction.ToBgrTransform());
        _transform = _transform.Clone(); // own the memory: FromPixelData only wraps the managed array
    }

    /// <summary>The colour image after the last <see cref="Process"/> (BGR, 8 bit).</summary>
    public Mat Color => _correct ? _corrected : _debayered;

    /// <summary>The gray image after the last <see cref="Process"/> (8 bit).</summary>
    public Mat Gray => _gray;

    /// <summary>Converts <paramref name="raw"/> of the given layout; results are in <see cref="Color"/> and <see cref="Gray"/>.</summary>
    public void Process(Mat raw, PixelFormat format, ref StageClock clock)
    {
        ArgumentNullException.ThrowIfNull(raw);
        switch (format)
        {
            case PixelFormat.Bgr8:
                raw.CopyTo(_debayered);
                break;
            case PixelFormat.Mono8:
                Cv2.CvtColor(raw, _debayered, ColorConversionCodes.GRAY2BGR);
                break;
            default:
                Cv2.CvtColor(raw, _debayered, DebayerCode(format));
                break;
        }

        clock.Lap(Stage.Debayer);
        if (_correct)
        {
            Cv2.Transform(_debayered, _corrected, _transform);
        }

        clock.Lap(Stage.Color);
        Cv2.CvtColor(Color, _gray, ColorConversionCodes.BGR2GRAY);
        clock.Lap(Stage.Gray);
    }

    /// <summary>
    /// OpenCV's conversion code for a sensor whose top-left cell is the named order. OpenCV names Bayer codes after
    /// the second row's second and third pixels, so an RGGB sensor needs <c>BayerBG2BGR</c>.
    /// </summary>
    public static ColorConversionCodes DebayerCode(PixelFormat format) => format switch
    {
        PixelFormat.BayerRggb8 => ColorConversionCodes.BayerBG2BGR,
        PixelFormat.BayerBggr8 => ColorConversionCodes.BayerRG2BGR,
        PixelFormat.BayerGrbg8 => ColorConversionCodes.BayerGB2BGR,
        PixelFormat.BayerGbrg8 => ColorConversionCodes.BayerGR2BGR,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a Bayer format."),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        _debayered.Dispose();
        _corrected.Dispose();
        _gray.Dispose();
        _transform.Dispose();
    }
}
