namespace EdgeVision.Vision;

/// <summary>How the bytes of a frame are laid out: mono, BGR or one of the four raw Bayer orders.</summary>
public enum PixelFormat
{
    /// <summary>One 8-bit gray channel.</summary>
    Mono8,

    /// <summary>Three 8-bit channels in OpenCV's B, G, R order.</summary>
    Bgr8,

    /// <summary>Raw 8-bit Bayer mosaic whose top-left 2×2 cell is R G / G B.</summary>
    BayerRggb8,

    /// <summary>Raw 8-bit Bayer mosaic whose top-left 2×2 cell is B G / G R.</summary>
    BayerBggr8,

    /// <summary>Raw 8-bit Bayer mosaic whose top-left 2×2 cell is G R / B G.</summary>
    BayerGrbg8,

    /// <summary>Raw 8-bit Bayer mosaic whose top-left 2×2 cell is G B / R G.</summary>
    BayerGbrg8,
}

/// <summary>Facts about <see cref="PixelFormat"/> values: channel count, OpenCV type, Bayer cell layout.</summary>
public static class PixelFormats
{
    /// <summary>True for the four raw Bayer formats.</summary>
    public static bool IsBayer(this PixelFormat format) =>
        format is PixelFormat.BayerRggb8 or PixelFormat.BayerBggr8 or PixelFormat.BayerGrbg8 or PixelFormat.BayerGbrg8;

    /// <summary>Number of interleaved channels per pixel.</summary>
    public static int Channels(this PixelFormat format) => format == PixelFormat.Bgr8 ? 3 : 1;

    /// <summary>The OpenCV matrix type holding a frame of this format.</summary>
    public static OpenCvSharp.MatType MatType(this PixelFormat format) =>
        format == PixelFormat.Bgr8 ? OpenCvSharp.MatType.CV_8UC3 : OpenCvSharp.MatType.CV_8UC1;

    /// <summary>
    /// The colour channel (0 = B, 1 = G, 2 = R) sampled at (x, y) of a Bayer mosaic.
    /// The 2×2 cell repeats, so only the parities of x and y matter.
    /// </summary>
    public static int BayerChannelAt(this PixelFormat format, int x, int y)
    {
        var cell = ((y & 1) << 1) | (x & 1); // 0 = top-left, 1 = top-right, 2 = bottom-left, 3 = bottom-right
        return format switch
        {
            PixelFormat.BayerRggb8 => cell switch { 0 => 2, 3 => 0, _ => 1 },
            PixelFormat.BayerBggr8 => cell switch { 0 => 0, 3 => 2, _ => 1 },
            PixelFormat.BayerGrbg8 => cell switch { 1 => 2, 2 => 0, _ => 1 },
            PixelFormat.BayerGbrg8 => cell switch { 1 => 0, 2 => 2, _ => 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a Bayer format."),
        };
    }

    /// <summary>Parses a CFA name such as "RGGB" or a format name such as "BayerRggb8" (case-insensitive).</summary>
    public static bool TryParse(string text, out PixelFormat format)
    {
        switch (text.ToUpperInvariant())
        {
            case "RGGB": format = PixelFormat.BayerRggb8; return true;
            case "BGGR": format = PixelFormat.BayerBggr8; return true;
            case "GRBG": format = PixelFormat.BayerGrbg8; return true;
            case "GBRG": format = PixelFormat.BayerGbrg8; return true;
            case "MONO": case "MONO8": format = PixelFormat.Mono8; return true;
            case "BGR": case "BGR8": format = PixelFormat.Bgr8; return true;
            default: return Enum.TryParse(text, ignoreCase: true, out format);
        }
    }
}
