using System.Text;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

/// <summary>
/// Test-side renderers of 1D barcodes: EAN-13 (with its check digit) and Code 128 (code set B, with its checksum),
/// drawn black on white with quiet zones, one whole number of pixels per module, bars running vertically.
/// </summary>
internal static class BarcodeImages
{
    // EAN left-hand odd-parity ("L") patterns, 7 modules each, 1 = bar. R patterns are their complements, G patterns
    // the R patterns reversed.
    private static readonly string[] LPatterns =
    [
        "0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011",
    ];

    // Which of the six left-hand digits use the G set, chosen by the leading (13th) digit.
    private static readonly string[] Parity =
    [
        "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL",
    ];

    // Code 128 symbol widths (bar, space, bar, space, bar, space) in modules, values 0–105; the stop symbol (with its
    // final bar) follows separately.
    private static readonly string[] Code128Widths =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232",
    ];

    private const string Code128Stop = "2331112";
    private const int Code128StartB = 104;

    /// <summary>The EAN-13 check digit of twelve digits: weights 1, 3, 1, 3, … from the left.</summary>
    public static int Ean13CheckDigit(string twelveDigits)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (twelveDigits[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return (10 - (sum % 10)) % 10;
    }

    /// <summary>The 95 modules of an EAN-13 symbol for twelve digits; the check digit is appended.</summary>
    public static string Ean13Modules(string twelveDigits, out string fullText)
    {
        fullText = twelveDigits + Ean13CheckDigit(twelveDigits);
        var parity = Parity[fullText[0] - '0'];
        var modules = new StringBuilder("101");
        for (var i = 1; i <= 6; i++)
        {
            var l = LPatterns[fullText[i] - '0'];
            modules.Append(parity[i - 1] == 'L' ? l : Reverse(Complement(l)));
        }

        modules.Append("01010");
        for (var i = 7; i <= 12; i++)
        {
            modules.Append(Complement(LPatterns[fullText[i] - '0']));
        }

        return modules.Append("101").ToString();
    }

    /// <summary>The modules of a Code 128 symbol in code set B (ASCII 32–127) with its modulo-103 checksum.</summary>
    public static string Code128BModules(string text)
    {
        var modules = new StringBuilder();
        AppendWidths(modules, Code128Widths[Code128StartB]);
        var checksum = Code128StartB;
        for (var i = 0; i < text.Length; i++)
        {
            var value = text[i] - 32;
            checksum += value * (i + 1);
            AppendWidths(modules, Code128Widths[value]);
        }

        AppendWidths(modules, Code128Widths[checksum % 103]);
        AppendWidths(modules, Code128Stop);
        return modules.ToString();
    }

    /// <summary>
    /// Draws <paramref name="modules"/> ('1' = bar) as an 8-bit gray image: black bars on white, <paramref name="quietModules"/>
    /// of white each side and a margin above and below.
    /// </summary>
    public static Mat Render(string modules, int moduleWidth, int barHeight, int quietModules = 12)
    {
        var width = (modules.Length + (2 * quietModules)) * moduleWidth;
        var margin = quietModules * moduleWidth;
        var image = new Mat(barHeight + (2 * margin), width, MatType.CV_8UC1, Scalar.All(255));
        for (var i = 0; i < modules.Length; i++)
        {
            if (modules[i] == '1')
            {
                var x = (quietModules + i) * moduleWidth;
                Cv2.Rectangle(image, new Rect(x, margin, moduleWidth, barHeight), Scalar.All(0), -1);
            }
        }

        return image;
    }

    /// <summary>Turns an image by <paramref name="angleDeg"/> about its centre onto a white canvas large enough to hold it.</summary>
    public static Mat Rotate(Mat image, double angleDeg)
    {
        var rows = image.Rows;
        var cols = image.Cols;
        var rad = angleDeg * Math.PI / 180;
        double c = Math.Abs(Math.Cos(rad)), s = Math.Abs(Math.Sin(rad));
        var newCols = (int)Math.Ceiling((cols * c) + (rows * s));
        var newRows = (int)Math.Ceiling((cols * s) + (rows * c));
        using var transform = Cv2.GetRotationMatrix2D(new Point2f((cols - 1) / 2f, (rows - 1) / 2f), angleDeg, 1);
        transform.Set(0, 2, transform.At<double>(0, 2) + ((newCols - cols) / 2.0));
        transform.Set(1, 2, transform.At<double>(1, 2) + ((newRows - rows) / 2.0));
        var rotated = new Mat();
        Cv2.WarpAffine(image, rotated, transform, new Size(newCols, newRows), InterpolationFlags.Cubic, BorderTypes.Constant, Scalar.All(255));
        return rotated;
    }

    /// <summary>A gray frame of <paramref name="background"/> with <paramref name="symbol"/> copied in at (x, y).</summary>
    public static Mat OnCanvas(Mat symbol, int width, int height, int x, int y, byte background = 235)
    {
        var canvas = new Mat(height, width, MatType.CV_8UC1, Scalar.All(background));
        using var target = canvas[new Rect(x, y, symbol.Cols, symbol.Rows)];
        symbol.CopyTo(target);
        return canvas;
    }

    private static void AppendWidths(StringBuilder modules, string widths)
    {
        for (var i = 0; i < widths.Length; i++)
        {
            modules.Append(i % 2 == 0 ? '1' : '0', widths[i] - '0');
        }
    }

    private static string Complement(string pattern)
    {
        var chars = pattern.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] == '1' ? '0' : '1';
        }

        return new string(chars);
    }

    private static string Reverse(string pattern)
    {
        var chars = pattern.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }
}
