using OpenCvSharp;

namespace EdgeVision.Vision.Codes;

/// <summary>
/// Reads QR codes and EAN/UPC barcodes with OpenCV's decoders: <c>QRCodeDetector</c> first and the WeChat QR decoder
/// (contrib, run without its CNN model files, which it does not need) where that reads nothing; <c>BarcodeDetector</c>
/// for 1D codes, retried on a smoothed and on a reduced copy of the image where the first pass decodes nothing. Owns
/// the decoders and its scratch image. Not allocation-free: the decoders return new strings and corner arrays on every
/// call, which is accepted for this tool (a few small objects per frame). Give it the code's region (e.g. a
/// <c>RoiSampler</c> patch) rather than a whole frame: every pass scans all pixels, and the WeChat pass is the slowest.
/// OpenCV can read a valid-looking EAN-8 out of other bar codes (seen on Code 128), so a recipe should check the
/// symbology and length it expects.
/// </summary>
public sealed class CodeReader : IDisposable
{
    // Retries for 1D codes. OpenCV's barcode decoder misses some perfectly sharp or slightly soft symbols that it reads
    // after a light Gaussian smoothing or at a smaller scale (measured on generated EAN-13 images, see the tests).
    private const double RetrySmoothingSigma = 0.8;
    private const double RetryScale = 0.7;

    private readonly QRCodeDetector? _qr;
    private readonly WeChatQRCode? _weChat;
    private readonly BarcodeDetector? _barcode;
    private readonly Mat _retry = new();

    /// <summary>
    /// Creates a reader for <paramref name="kinds"/>. With <paramref name="weChatFallback"/> the WeChat decoder gets a
    /// second look at images in which <c>QRCodeDetector</c> read no QR code.
    /// </summary>
    public CodeReader(CodeKinds kinds = CodeKinds.All, bool weChatFallback = true)
    {
        if ((kinds & CodeKinds.Qr) != 0)
        {
            _qr = new QRCodeDetector();
            if (weChatFallback)
            {
                // Empty paths: no detector or super-resolution network; the traditional finder-pattern path is used.
                _weChat = new WeChatQRCode(string.Empty, string.Empty, string.Empty, string.Empty);
            }
        }

        if ((kinds & CodeKinds.Barcode) != 0)
        {
            _barcode = new BarcodeDetector(string.Empty, string.Empty);
        }
    }

    /// <summary>Symbols that the last <see cref="Read"/> located but could not decode (a code is there but unreadable).</summary>
    public int UndecodedCount { get; private set; }

    /// <summary>
    /// Reads the codes in <paramref name="image"/> (8-bit gray or BGR) into <paramref name="results"/> and returns how
    /// many were written; readings beyond the span's length are dropped. QR readings come before barcode readings.
    /// </summary>
    public int Read(Mat image, Span<CodeReading> results)
    {
        ArgumentNullException.ThrowIfNull(image);
        UndecodedCount = 0;
        var written = 0;
        if (_qr is not null)
        {
            written += ReadQr(image, results);
        }

        if (_barcode is not null && written < results.Length)
        {
            var found = ReadBarcodes(image, 1, results[written..], out var undecoded);
            if (found == 0)
            {
                Cv2.GaussianBlur(image, _retry, new Size(0, 0), RetrySmoothingSigma);
                found = ReadBarcodes(_retry, 1, results[written..], out _);
            }

            if (found == 0)
            {
                Cv2.Resize(image, _retry, new Size(0, 0), RetryScale, RetryScale, InterpolationFlags.Area);
                found = ReadBarcodes(_retry, RetryScale, results[written..], out _);
            }

            UndecodedCount += found == 0 ? undecoded : 0;
            written += found;
        }

        return written;
    }

    /// <summary>Maps OpenCV's barcode type string (<c>EAN_13</c>, <c>UPC_A</c>, …) to a symbology.</summary>
    public static CodeSymbology SymbologyFromOpenCv(string? type) => type switch
    {
        "EAN_13" => CodeSymbology.Ean13,
        "EAN_8" => CodeSymbology.Ean8,
        "UPC_A" => CodeSymbology.UpcA,
        "UPC_E" => CodeSymbology.UpcE,
        "UPC_EAN_EXTENSION" => CodeSymbology.UpcEanExtension,
        _ => CodeSymbology.Unknown,
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        _qr?.Dispose();
        _weChat?.Dispose();
        _barcode?.Dispose();
        _retry.Dispose();
    }

    private int ReadQr(Mat image, Span<CodeReading> results)
    {
        // QRCodeDetector's single-code path reads better than its multi-code path on generated test images (about half
        // as many misses), so it goes first; the WeChat decoder, which finds several codes at once, follows when it
        // read nothing. A second QR code in the image is therefore only reported when the first pass read none.
        var written = 0;
        var text = _qr!.DetectAndDecode(image, out var corners);
        var located = corners.Length >= 4 ? 1 : 0;
        if (!string.IsNullOrEmpty(text) && located == 1 && results.Length > 0)
        {
            results[written++] = new CodeReading(CodeSymbology.Qr, text, QuadAt(corners, 0, 1), CodeEngine.OpenCvQr);
        }

        var undecoded = located - written;
        if (written == 0 && _weChat is not null)
        {
            var texts = _weChat.DetectAndDecode(image, out var quads);
            var decoded = 0;
            for (var i = 0; i < texts.Length && i < quads.Length; i++)
            {
                var weChatText = texts[i];
                if (string.IsNullOrEmpty(weChatText) || quads[i].Length < 4)
                {
                    continue;
                }

                decoded++;
                if (written < results.Length)
                {
                    results[written++] = new CodeReading(CodeSymbology.Qr, weChatText, QuadAt(quads[i], 0, 1), CodeEngine.WeChatQr);
                }
            }

            undecoded = Math.Max(0, undecoded - decoded);
        }

        UndecodedCount += undecoded;
        return written;
    }

    private int ReadBarcodes(Mat image, double scale, Span<CodeReading> results, out int undecoded)
    {
        _barcode!.DetectAndDecode(image, out var corners, out var texts, out var types);
        var located = Math.Min(texts.Length, corners.Length / 4);
        int written = 0, decoded = 0;
        for (var i = 0; i < located; i++)
        {
            var text = texts[i];
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            decoded++;
            if (written < results.Length)
            {
                var type = i < types.Length ? types[i] : null;
                results[written++] = new CodeReading(SymbologyFromOpenCv(type), text, QuadAt(corners, i * 4, scale), CodeEngine.OpenCvBarcode);
            }
        }

        undecoded = located - decoded;
        return written;
    }

    private static CodeQuad QuadAt(Point2f[] corners, int start, double scale)
    {
        // Corners found on a reduced copy map back to the full image by 1/scale (pixel centres: (x + 0.5)/s − 0.5).
        var inverse = 1 / scale;
        Point2f Map(Point2f p) => scale == 1 ? p : new Point2f((float)(((p.X + 0.5) * inverse) - 0.5), (float)(((p.Y + 0.5) * inverse) - 0.5));
        return new CodeQuad(Map(corners[start]), Map(corners[start + 1]), Map(corners[start + 2]), Map(corners[start + 3]));
    }
}
