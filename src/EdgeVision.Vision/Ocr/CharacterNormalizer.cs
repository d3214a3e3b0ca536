using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>
/// Turns one character's box into a fixed square image for classification: ink bright (255) on black, slant removed
/// by shearing until the ink's second-order mixed moment vanishes, then scaled to fit the square with its aspect
/// ratio kept and centred inside a small margin. Resampling is done here (4–16 bilinear samples per output pixel)
/// rather than with warpAffine so that only the character's own pixels are read: a neighbour reaching into the box
/// is left out, and nothing is allocated per call once its ink buffer has grown to the largest box. Owns its output
/// image and buffer; not thread-safe.
/// </summary>
public sealed class CharacterNormalizer : IDisposable
{
    /// <summary>The default side of the normalised square in pixels.</summary>
    public const int DefaultSize = 20;

    private readonly Mat _normalized;
    private readonly nint _pixels;
    private readonly int _size;
    private readonly int _padding;
    private readonly bool _deskew;
    private readonly double _maxSkew;
    private float[] _ink = new float[64 * 64];

    /// <summary>
    /// Creates a normaliser writing <paramref name="size"/>² images. With <paramref name="deskew"/>, slants up to
    /// <paramref name="maxSkew"/> (horizontal shift per row) are removed; <paramref name="padding"/> pixels stay
    /// empty around the character (a tenth of the size when negative).
    /// </summary>
    public CharacterNormalizer(int size = DefaultSize, bool deskew = true, double maxSkew = 0.5, int padding = -1)
    {
        if (size is < 8 or > 128)
        {
            ThrowHelper.ThrowArgument($"The normalised size must be within 8..128 pixels, not {size}.", nameof(size));
        }

        _size = size;
        _padding = padding < 0 ? size / 10 : padding;
        if (_padding * 2 >= size - 2)
        {
            ThrowHelper.ThrowArgument($"A padding of {padding} leaves no room in {size} pixels.", nameof(padding));
        }

        _deskew = deskew;
        _maxSkew = Math.Abs(maxSkew);
        _normalized = new Mat(size, size, MatType.CV_8UC1, Scalar.All(0));

        // The square is never handed to OpenCV as an output, so its buffer never moves: keep the pointer.
        _pixels = _normalized.Data;
    }

    /// <summary>The side of the normalised square.</summary>
    public int Size => _size;

    /// <summary>Whether slant is removed.</summary>
    public bool Deskew => _deskew;

    /// <summary>The last normalised character (valid until the next call), continuous <see cref="Size"/>² bytes.</summary>
    public Mat Normalized => _normalized;

    /// <summary>The pixels of <see cref="Normalized"/>, row by row (valid until the next call).</summary>
    public unsafe ReadOnlySpan<byte> Pixels => new((void*)_pixels, _size * _size);

    /// <summary>The slant (horizontal shift per row, positive when the top leans left) removed by the last call.</summary>
    public double LastSkew { get; private set; }

    /// <summary>
    /// Normalises the character in <paramref name="box"/> of <paramref name="ink"/> (8-bit, ink bright, e.g. a
    /// segmenter's <see cref="CharacterSegmenter.Binary"/>); every bright pixel in the box counts as ink.
    /// </summary>
    public unsafe Mat Normalize(Mat ink, Rect box)
    {
        ArgumentNullException.ThrowIfNull(ink);
        if (ink.Type() != MatType.CV_8UC1)
        {
            ThrowHelper.ThrowArgument("The ink image must be 8-bit with one channel.", nameof(ink));
        }

        var source = new GrayInk((byte*)ink.DataPointer, ink.Step());
        Run(ref source, Clip(box, ink.Cols, ink.Rows));
        return _normalized;
    }

    /// <summary>
    /// Normalises character <paramref name="index"/> of the segmenter's last call, reading only the pixels of that
    /// character's own components inside its box.
    /// </summary>
    public unsafe Mat Normalize(CharacterSegmenter segmenter, int index)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        if ((uint)index >= (uint)segmenter.FoundCount)
        {
            ThrowHelper.ThrowArgument($"Character {index} was not found by the last segmentation.", nameof(index));
        }

        var labels = segmenter.Labels;
        var source = new LabelInk((byte*)labels.DataPointer, labels.Step(), segmenter.GroupOfLabelArray, segmenter.GroupOfCharacter(index));
        Run(ref source, Clip(segmenter.BoxAt(index), labels.Cols, labels.Rows));
        return _normalized;
    }

    /// <inheritdoc/>
    public void Dispose() => _normalized.Dispose();

    private static Rect Clip(Rect box, int cols, int rows) => box & new Rect(0, 0, cols, rows);

    private unsafe void Run<T>(ref T ink, Rect box)
        where T : struct, IInkSource
    {
        var output = new Span<byte>((void*)_pixels, _size * _size);
        output.Clear();
        LastSkew = 0;
        if (box.Width <= 0 || box.Height <= 0)
        {
            return;
        }

        // The box's ink, read once into a float buffer with a one-pixel empty border: box pixel (x, y) sits at
        // (x + 1, y + 1), stride Width + 2, so the bilinear reads below need no per-read bounds logic.
        var stride = box.Width + 2;
        var length = stride * (box.Height + 2);
        if (_ink.Length < length)
        {
            _ink = new float[Math.Max(length, _ink.Length * 2)];
        }

        var buffer = _ink.AsSpan(0, length);
        buffer.Clear();

        // Moments up to second order in box coordinates (pixel (x, y) centred at x + ½, y + ½), and the ink's rows.
        double m00 = 0, m10 = 0, m01 = 0, m11 = 0, m02 = 0;
        int top = int.MaxValue, bottom = -1;
        for (var y = 0; y < box.Height; y++)
        {
            var yc = y + 0.5;
            var row = buffer.Slice(((y + 1) * stride) + 1, box.Width);
            for (var x = 0; x < box.Width; x++)
            {
                var w = ink.At(box.X + x, box.Y + y);
                if (w <= 0)
                {
                    continue;
                }

                row[x] = (float)w;
                var xc = x + 0.5;
                m00 += w;
                m10 += w * xc;
                m01 += w * yc;
                m11 += w * xc * yc;
                m02 += w * yc * yc;
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
            }
        }

        if (m00 <= 0)
        {
            return;
        }

        var meanY = m01 / m00;
        var mu11 = (m11 / m00) - (m10 / m00 * meanY);
        var mu02 = (m02 / m00) - (meanY * meanY);
        var skew = _deskew && mu02 > 1e-9 ? Math.Clamp(mu11 / mu02, -_maxSkew, _maxSkew) : 0;
        LastSkew = skew;

        // Sheared column x' = x − skew·(y − ȳ) straightens the character; its extent decides the scale.
        double left = double.MaxValue, right = double.MinValue;
        for (var y = top; y <= bottom; y++)
        {
            var shift = skew * (y + 0.5 - meanY);
            var row = buffer.Slice(((y + 1) * stride) + 1, box.Width);
            for (var x = 0; x < box.Width; x++)
            {
                if (row[x] > 0)
                {
                    left = Math.Min(left, x - shift);
                    right = Math.Max(right, x + 1 - shift);
                }
            }
        }

        double height = bottom + 1 - top, width = right - left;
        var scale = (_size - (2 * _padding)) / Math.Max(width, height);
        double centreX = (left + right) / 2, centreY = (top + bottom + 1) / 2.0, half = _size / 2.0;
        var n = Math.Clamp((int)Math.Ceiling(1 / scale), 2, 4);
        var weight = 255.0 / (n * n);

        for (var v = 0; v < _size; v++)
        {
            for (var u = 0; u < _size; u++)
            {
                double sum = 0;
                for (var sv = 0; sv < n; sv++)
                {
                    var y = centreY + ((v + ((sv + 0.5) / n) - half) / scale);
                    var shift = skew * (y - meanY);
                    for (var su = 0; su < n; su++)
                    {
                        var x = centreX + ((u + ((su + 0.5) / n) - half) / scale) + shift;
                        sum += Bilinear(buffer, stride, box.Width, box.Height, x, y);
                    }
                }

                output[(v * _size) + u] = (byte)Math.Min(255, Math.Round(sum * weight));
            }
        }
    }

    // Bilinear read at box coordinates (x, y) from the bordered buffer; beyond the border everything is background.
    private static double Bilinear(ReadOnlySpan<float> buffer, int stride, int width, int height, double x, double y)
    {
        double fx = x - 0.5, fy = y - 0.5;
        int ix = (int)Math.Floor(fx), iy = (int)Math.Floor(fy);
        if (ix < -1 || iy < -1 || ix >= width || iy >= height)
        {
            return 0;
        }

        double tx = fx - ix, ty = fy - iy;
        var i = ((iy + 1) * stride) + ix + 1;
        return ((1 - ty) * (((1 - tx) * buffer[i]) + (tx * buffer[i + 1])))
            + (ty * (((1 - tx) * buffer[i + stride]) + (tx * buffer[i + stride + 1])));
    }

    /// <summary>Ink coverage (0..1) of an image pixel; implemented by structs so the reads inline.</summary>
    private interface IInkSource
    {
        double At(int x, int y);
    }

    /// <summary>An 8-bit image whose brightness is the ink coverage.</summary>
    private readonly unsafe struct GrayInk(byte* data, long step) : IInkSource
    {
        public double At(int x, int y) => data[(y * step) + x] * (1.0 / 255);
    }

    /// <summary>A 32-bit label image in which only the labels of one group of components count as ink.</summary>
    private readonly unsafe struct LabelInk(byte* data, long step, int[] groupOfLabel, int group) : IInkSource
    {
        public double At(int x, int y)
        {
            var label = ((int*)(data + (y * step)))[x];
            return groupOfLabel[label] == group ? 1 : 0;
        }
    }
}
