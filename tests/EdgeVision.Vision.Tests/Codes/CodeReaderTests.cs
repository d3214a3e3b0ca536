using EdgeVision.Vision.Codes;
using EdgeVision.Vision.Drawing;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Codes;

public class CodeReaderTests(ITestOutputHelper output)
{
    private const int Width = 640;
    private const int Height = 480;

    [Fact]
    public void An_upright_qr_code_is_read_with_its_text_and_where_it_lies()
    {
        using var symbol = QrImages.Render("SN-2024-000731", 4, out _);
        using var frame = BarcodeImages.OnCanvas(symbol, Width, Height, 213, 121);
        using var reader = new CodeReader();
        var results = new CodeReading[4];

        var count = reader.Read(frame, results);

        Assert.Equal(1, count);
        Assert.Equal(CodeSymbology.Qr, results[0].Symbology);
        Assert.Equal("SN-2024-000731", results[0].Text);
        AssertNear(results[0].Corners.Center, 213 + (symbol.Cols / 2.0), 121 + (symbol.Rows / 2.0), 3);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(90)]
    [InlineData(-33)]
    public void A_turned_slightly_blurred_and_noisy_qr_code_is_read(double angle)
    {
        using var symbol = QrImages.Render("LOT 7781/B", 4, out _);
        using var frame = Scene(symbol, angle, 0.6, 3, new Random(11), out var centre);
        using var reader = new CodeReader();
        var results = new CodeReading[4];

        var count = reader.Read(frame, results);

        Assert.Equal(1, count);
        Assert.Equal("LOT 7781/B", results[0].Text);
        AssertNear(results[0].Corners.Center, centre.X, centre.Y, 3);
    }

    [Fact]
    public void The_wechat_decoder_reads_a_small_qr_code_that_opencvs_detector_misses()
    {
        // 3-pixel modules, turned 20° and blurred (σ 0.8): QRCodeDetector finds nothing here, the WeChat decoder reads it.
        using var symbol = QrImages.Render("SN-000042", 3, out _);
        using var frame = Scene(symbol, 20, 0.8, 0, new Random(1), out _);
        using var openCvOnly = new CodeReader(CodeKinds.Qr, weChatFallback: false);
        using var withFallback = new CodeReader(CodeKinds.Qr);
        var results = new CodeReading[4];

        var withoutCount = openCvOnly.Read(frame, results);
        var withCount = withFallback.Read(frame, results);

        Assert.Equal(0, withoutCount);
        Assert.Equal(1, withCount);
        Assert.Equal(CodeEngine.WeChatQr, results[0].Engine);
        Assert.Equal("SN-000042", results[0].Text);
    }

    [Fact]
    public void Qr_codes_at_random_poses_are_read_without_a_misread()
    {
        var random = new Random(2025);
        using var reader = new CodeReader(CodeKinds.Qr);
        var results = new CodeReading[4];
        int trials = 30, read = 0, byWeChat = 0;

        for (var trial = 0; trial < trials; trial++)
        {
            var text = $"SN-{random.Next(1_000_000):D6}";
            using var symbol = QrImages.Render(text, 3 + random.Next(2), out _);
            using var frame = Scene(symbol, random.NextDouble() * 360, 0.3 + (random.NextDouble() * 0.5), 3, random, out _);

            var count = reader.Read(frame, results);

            if (count > 0)
            {
                Assert.Equal(text, results[0].Text);
                read++;
                byWeChat += results[0].Engine == CodeEngine.WeChatQr ? 1 : 0;
            }
        }

        // Measured: 26 of 30 (11 of them by the WeChat fallback); OpenCV's QR decoders miss some 3-pixel-module codes.
        output.WriteLine($"read {read} of {trials} ({byWeChat} by the WeChat fallback)");
        Assert.True(read >= 24, $"read {read} of {trials}");
    }

    [Fact]
    public void The_ean13_check_digit_of_the_test_renderer_is_right()
    {
        Assert.Equal(1, BarcodeImages.Ean13CheckDigit("400638133393"));
        Assert.Equal(7, BarcodeImages.Ean13CheckDigit("590123412345"));
        Assert.Equal(95, BarcodeImages.Ean13Modules("400638133393", out var text).Length);
        Assert.Equal("4006381333931", text);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(2, 10)]
    [InlineData(3, 10)]
    [InlineData(2, 90)]
    [InlineData(3, -90)]
    public void An_ean13_barcode_is_read_upright_turned_and_on_its_side(int moduleWidth, double angle)
    {
        var modules = BarcodeImages.Ean13Modules("590123412345", out var text);
        using var symbol = BarcodeImages.Render(modules, moduleWidth, 50 * moduleWidth);
        using var frame = Scene(symbol, angle, 0.6, 3, new Random(3), out var centre);
        using var reader = new CodeReader(CodeKinds.Barcode);
        var results = new CodeReading[4];

        var count = reader.Read(frame, results);

        Assert.Equal(1, count);
        Assert.Equal(CodeSymbology.Ean13, results[0].Symbology);
        Assert.Equal(text, results[0].Text);
        AssertNear(results[0].Corners.Center, centre.X, centre.Y, 6 * moduleWidth);
    }

    [Fact]
    public void Ean13_barcodes_at_random_poses_are_read_without_a_misread()
    {
        var random = new Random(4242);
        using var reader = new CodeReader(CodeKinds.Barcode);
        var results = new CodeReading[4];
        int trials = 40, read = 0;

        for (var trial = 0; trial < trials; trial++)
        {
            var digits = string.Create(12, random, (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = (char)('0' + r.Next(10));
                }
            });
            var modules = BarcodeImages.Ean13Modules(digits, out var text);
            var moduleWidth = 2 + random.Next(2);
            using var symbol = BarcodeImages.Render(modules, moduleWidth, 50 * moduleWidth);
            using var frame = Scene(symbol, random.NextDouble() * 360, random.NextDouble() * 0.8, 3, random, out _);

            var count = reader.Read(frame, results);

            if (count > 0)
            {
                // OpenCV reports an EAN-13 with a leading zero as the UPC-A it stands for (12 digits).
                var (symbology, expected) = text[0] == '0' ? (CodeSymbology.UpcA, text[1..]) : (CodeSymbology.Ean13, text);
                Assert.Equal((symbology, expected), (results[0].Symbology, results[0].Text));
                read++;
            }
        }

        output.WriteLine($"read {read} of {trials}");
        Assert.True(read >= 34, $"read {read} of {trials}");
    }

    [Fact]
    public void An_ean13_starting_with_zero_is_reported_as_the_upc_a_it_stands_for()
    {
        var modules = BarcodeImages.Ean13Modules("003600029145", out var text);
        using var symbol = BarcodeImages.Render(modules, 2, 100);
        using var frame = Scene(symbol, 5, 0.6, 2, new Random(9), out _);
        using var reader = new CodeReader(CodeKinds.Barcode);
        var results = new CodeReading[4];

        var count = reader.Read(frame, results);

        Assert.Equal(1, count);
        Assert.Equal("0036000291452", text);
        Assert.Equal(CodeSymbology.UpcA, results[0].Symbology);
        Assert.Equal("036000291452", results[0].Text);
    }

    [Fact]
    public void A_code128_barcode_is_located_but_never_read_as_code128()
    {
        // OpenCV 4.13's barcode module decodes EAN/UPC only, so Code 128 shows up as a located, undecoded symbol. The
        // renderer was checked with zbarimg while writing this test. Known hazard: at one of these poses OpenCV reads a
        // valid-looking EAN-8 out of the Code 128 bars, so a recipe must state which symbology it expects.
        var modules = BarcodeImages.Code128BModules("SN-4711/ab");
        using var symbol = BarcodeImages.Render(modules, 2, 100);
        using var reader = new CodeReader(CodeKinds.Barcode);
        var results = new CodeReading[4];
        int poses = 0, undecoded = 0;

        foreach (var angle in new[] { 0.0, 10, 45, 90 })
        {
            foreach (var seed in new[] { 5, 6 })
            {
                using var frame = Scene(symbol, angle, 0.6, 2, new Random(seed), out _);

                var count = reader.Read(frame, results);

                poses++;
                undecoded += reader.UndecodedCount > 0 ? 1 : 0;
                for (var i = 0; i < count; i++)
                {
                    Assert.NotEqual("SN-4711/ab", results[i].Text);
                    output.WriteLine($"{angle}°, seed {seed}: false {results[i].Symbology} '{results[i].Text}'");
                }
            }
        }

        Assert.True(undecoded >= poses - 2, $"located but undecoded at {undecoded} of {poses} poses");
    }

    [Fact]
    public void A_frame_without_a_code_reads_nothing()
    {
        using var frame = new Mat(Height, Width, MatType.CV_8UC1, Scalar.All(120));
        CoverageShapes.FillDisc(frame, 210.3, 190.8, 60, Scalar.All(220));
        Cv2.Rectangle(frame, new Rect(380, 120, 150, 90), Scalar.All(40), -1);
        GaussianNoise.Add(frame, new Random(17), 4);
        using var reader = new CodeReader();
        var results = new CodeReading[4];

        var count = reader.Read(frame, results);

        Assert.Equal(0, count);
        Assert.Equal(0, reader.UndecodedCount);
    }

    [Fact]
    public void A_qr_code_and_a_barcode_in_one_colour_frame_are_both_read_qr_first()
    {
        using var qr = QrImages.Render("PART-88", 4, out _);
        var modules = BarcodeImages.Ean13Modules("400638133393", out var eanText);
        using var ean = BarcodeImages.Render(modules, 2, 100);
        using var gray = BarcodeImages.OnCanvas(qr, Width, Height, 40, 60);
        using (var target = gray[new Rect(300, 250, ean.Cols, ean.Rows)])
        {
            ean.CopyTo(target);
        }

        Cv2.GaussianBlur(gray, gray, new Size(0, 0), 0.6);
        using var bgr = new Mat();
        Cv2.CvtColor(gray, bgr, ColorConversionCodes.GRAY2BGR);
        using var reader = new CodeReader();
        var results = new CodeReading[4];
        var single = new CodeReading[1];

        var count = reader.Read(bgr, results);
        var countIntoOne = reader.Read(bgr, single);

        Assert.Equal(2, count);
        Assert.Equal((CodeSymbology.Qr, "PART-88"), (results[0].Symbology, results[0].Text));
        Assert.Equal((CodeSymbology.Ean13, eanText), (results[1].Symbology, results[1].Text));
        Assert.Equal(1, countIntoOne);
        Assert.Equal("PART-88", single[0].Text);
    }

    [Fact]
    public void A_reader_for_barcodes_only_ignores_a_qr_code()
    {
        using var symbol = QrImages.Render("IGNORED", 4, out _);
        using var frame = BarcodeImages.OnCanvas(symbol, Width, Height, 200, 150);
        using var reader = new CodeReader(CodeKinds.Barcode);
        var results = new CodeReading[4];

        Assert.Equal(0, reader.Read(frame, results));
    }

    [Theory]
    [InlineData("EAN_13", CodeSymbology.Ean13)]
    [InlineData("EAN_8", CodeSymbology.Ean8)]
    [InlineData("UPC_A", CodeSymbology.UpcA)]
    [InlineData("UPC_E", CodeSymbology.UpcE)]
    [InlineData("UPC_EAN_EXTENSION", CodeSymbology.UpcEanExtension)]
    [InlineData("CODE_128", CodeSymbology.Unknown)]
    [InlineData(null, CodeSymbology.Unknown)]
    public void Opencvs_barcode_type_strings_map_to_symbologies(string? type, CodeSymbology expected)
    {
        Assert.Equal(expected, CodeReader.SymbologyFromOpenCv(type));
    }

    // The symbol turned by angle about its centre, blurred, on a 640 × 480 frame at a random place, with noise.
    private static Mat Scene(Mat symbol, double angle, double blurSigma, double noiseSigma, Random random, out Point2d centre)
    {
        using var turned = BarcodeImages.Rotate(symbol, angle);
        var x = random.Next(Math.Max(1, Width - turned.Cols));
        var y = random.Next(Math.Max(1, Height - turned.Rows));
        var frame = BarcodeImages.OnCanvas(turned, Width, Height, x, y);
        centre = new Point2d(x + ((turned.Cols - 1) / 2.0), y + ((turned.Rows - 1) / 2.0));
        if (blurSigma > 0)
        {
            Cv2.GaussianBlur(frame, frame, new Size(0, 0), blurSigma);
        }

        if (noiseSigma > 0)
        {
            GaussianNoise.Add(frame, random, noiseSigma);
        }

        return frame;
    }

    private static void AssertNear(Point2f actual, double x, double y, double tolerance)
    {
        var distance = Math.Sqrt(Math.Pow(actual.X - x, 2) + Math.Pow(actual.Y - y, 2));
        Assert.True(distance <= tolerance, $"centre ({actual.X:F1}, {actual.Y:F1}) is {distance:F1} px from ({x:F1}, {y:F1})");
    }
}
