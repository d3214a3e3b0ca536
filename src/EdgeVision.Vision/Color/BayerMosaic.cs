using OpenCvSharp;

namespace EdgeVision.Vision.Color;

/// <summary>Samples a BGR image into a raw Bayer mosaic, as a colour sensor would (used by synthetic sources and tests).</summary>
public static class BayerMosaic
{
    /// <summary>
    /// Writes one sample per pixel of <paramref name="bgr"/> into <paramref name="raw"/> (8UC1, same size), taking the
    /// channel that <paramref name="format"/> puts at that position, through a per-channel lookup table
    /// (<paramref name="luts"/>: 3×256 bytes in B, G, R order, e.g. a sensor gain) and adding <paramref name="noise"/>
    /// read cyclically from <paramref name="noiseOffset"/> (empty for none).
    /// </summary>
    public static unsafe void Mosaic(Mat bgr, Mat raw, PixelFormat format, ReadOnlySpan<byte> luts, ReadOnlySpan<sbyte> noise, int noiseOffset)
    {
        ArgumentNullException.ThrowIfNull(bgr);
        ArgumentNullException.ThrowIfNull(raw);
        if (luts.Length != 3 * 256)
        {
            ThrowHelper.ThrowArgument("Need 3 lookup tables of 256 entries.", nameof(luts));
        }

        int rows = bgr.Rows, cols = bgr.Cols;
        if (raw.Rows != rows || raw.Cols != cols || raw.Type() != MatType.CV_8UC1 || bgr.Type() != MatType.CV_8UC3)
        {
            ThrowHelper.ThrowArgument("raw must be 8UC1 and bgr 8UC3 of the same size.", nameof(raw));
        }

        // Rows are addressed through their strides; a row of bgr is cols*3 bytes, a row of raw cols bytes.
        var srcBase = (byte*)bgr.DataPointer;
        var dstBase = (byte*)raw.DataPointer;
        long srcStride = bgr.Step(), dstStride = raw.Step();
        var noiseLength = noise.Length;
        var n = noiseLength == 0 ? 0 : ((noiseOffset % noiseLength) + noiseLength) % noiseLength;
        for (var y = 0; y < rows; y++)
        {
            var src = new ReadOnlySpan<byte>(srcBase + (y * srcStride), cols * 3);
            var dst = new Span<byte>(dstBase + (y * dstStride), cols);
            var evenChannel = format.BayerChannelAt(0, y);
            var oddChannel = format.BayerChannelAt(1, y);
            var evenLut = luts.Slice(evenChannel * 256, 256);
            var oddLut = luts.Slice(oddChannel * 256, 256);
            for (var x = 0; x < cols; x++)
            {
                int value = (x & 1) == 0 ? evenLut[src[(x * 3) + evenChannel]] : oddLut[src[(x * 3) + oddChannel]];
                if (noiseLength != 0)
                {
                    value += noise[n];
                    if (++n == noiseLength)
                    {
                        n = 0;
                    }
                }

                dst[x] = (byte)Math.Clamp(value, 0, 255);
            }
        }
    }

    /// <summary>Three identity lookup tables (no sensor gain).</summary>
    public static byte[] IdentityLuts()
    {
        var luts = new byte[3 * 256];
        for (var i = 0; i < luts.Length; i++)
        {
            luts[i] = (byte)(i % 256);
        }

        return luts;
    }

    /// <summary>Lookup tables that multiply each channel by a gain (B, G, R order), saturating at 255.</summary>
    public static byte[] GainLuts(double gainB, double gainG, double gainR)
    {
        var luts = new byte[3 * 256];
        ReadOnlySpan<double> gains = [gainB, gainG, gainR];
        for (var c = 0; c < 3; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                luts[(c * 256) + v] = (byte)Math.Clamp(Math.Round(v * gains[c]), 0, 255);
            }
        }

        return luts;
    }
}
