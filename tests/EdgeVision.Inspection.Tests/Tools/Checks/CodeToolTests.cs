using System.Text;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Tests.Codes;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

public class CodeToolTests(ITestOutputHelper output)
{
    private const string Serial = "SN-004711";

    // The QR code (4-pixel modules, 116 px with its quiet zone) sits at part (120, 0); the tool reads 150 × 150 there.
    private const string CodeRoi = """ "roi": { "x": 120, "y": 0, "length": 150, "width": 150 } """;

    [Fact]
    public void A_qr_code_on_a_turned_part_is_read_in_its_fixtured_region_with_its_text_in_the_result()
    {
        var json = CheckRecipes.Json($$"""{ "name": "serial", "type": "code", {{CodeRoi}}, "kinds": "qr", "expected": "{{Serial}}" }""", CheckRecipes.PlateFixture);
        var random = new Random(31);

        for (var trial = 0; trial < 6; trial++)
        {
            var (x, y, angle) = (300 + (random.NextDouble() * 200), 250 + (random.NextDouble() * 100), -45 + (random.NextDouble() * 90));
            using var image = QrOnPlate(Serial, x, y, angle, random);

            var result = CheckRecipes.Inspect(json, image);

            var tool = result.Tool("serial");
            Assert.Equal((ToolStatus.Pass, Serial), (tool.Status, tool.Text));
            Assert.Equal(Verdict.Pass, result.Verdict);
            Assert.Contains($"\"text\":\"{Serial}\"", Encoding.UTF8.GetString(InspectionResultJson.ToUtf8(result)), StringComparison.Ordinal);
            Assert.Equal((1.0, "count"), (result.Measurement("serial.count").Value, result.Measurement("serial.count").Unit));

            // The code's quad, mapped back from the upright patch, surrounds the code's place on the turned part.
            var quad = result.Shapes.Where(s => s.Kind == ShapeKind.Segment).ToList();
            Assert.Equal(4, quad.Count);
            Assert.Equal("serial " + Serial, quad[0].Label);
            var (cx, cy) = new RotatedRoi(x, y, 440, 280, angle).ToImage(120, 0);
            var (mx, my) = (quad.Average(s => s.X), quad.Average(s => s.Y));
            output.WriteLine($"pose ({x:F1}, {y:F1}, {angle:F1}°): quad centre off by ({mx - cx:F2}, {my - cy:F2}) px");
            Assert.Equal(cx, mx, 4.0);
            Assert.Equal(cy, my, 4.0);
        }
    }

    [Theory]
    [InlineData("\"expected\": \"SN-004712\"", ToolStatus.Fail)]
    [InlineData("\"pattern\": \"SN-\\\\d{6}\"", ToolStatus.Pass)]
    [InlineData("\"pattern\": \"LOT-.*\"", ToolStatus.Fail)]
    [InlineData("\"pattern\": \"\\\\d{6}\"", ToolStatus.Fail)]
    [InlineData("\"pattern\": \"SN-\\\\d+\", \"expected\": \"SN-004711\"", ToolStatus.Pass)]
    [InlineData("\"symbology\": \"qr\"", ToolStatus.Pass)]
    public void The_text_is_judged_by_expected_text_and_whole_text_pattern(string checks, ToolStatus status)
    {
        var json = CheckRecipes.Json($$"""{ "name": "serial", "type": "code", {{CodeRoi}}, {{checks}} }""", CheckRecipes.PlateFixture);
        using var image = QrOnPlate(Serial, 420, 300, 12, new Random(5));

        var result = CheckRecipes.Inspect(json, image);

        Assert.Equal((status, Serial), (result.Tool("serial").Status, result.Tool("serial").Text));
        Assert.Equal(status == ToolStatus.Pass ? [] : ["CODE_MISMATCH"], result.Reasons);
        if (status == ToolStatus.Fail)
        {
            Assert.EndsWith("(mismatch)", result.Shapes.Single(s => s.Label?.StartsWith("serial SN", StringComparison.Ordinal) == true).Label, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_region_without_a_code_is_not_found_as_unreadable()
    {
        var json = CheckRecipes.Json($$"""{ "name": "serial", "type": "code", "roi": { "x": -120, "y": 0, "length": 150, "width": 150 }, "expected": "{{Serial}}" }""", CheckRecipes.PlateFixture);
        using var image = QrOnPlate(Serial, 420, 300, -20, new Random(6));

        var result = CheckRecipes.Inspect(json, image);

        var tool = result.Tool("serial");
        Assert.Equal((ToolStatus.NotFound, null), (tool.Status, tool.Text));
        Assert.Equal(["CODE_UNREADABLE"], result.Reasons);
        Assert.Equal(0.0, result.Measurement("serial.count").Value);
        var box = Assert.Single(result.Shapes, s => s.Kind == ShapeKind.Box && s.Label is not null);
        Assert.Equal((ShapeTone.Fail, "serial no code"), (box.Tone, box.Label));
    }

    [Fact]
    public void A_damaged_qr_code_is_not_found_as_unreadable()
    {
        var json = CheckRecipes.Json($$"""{ "name": "serial", "type": "code", {{CodeRoi}}, "expected": "{{Serial}}" }""", CheckRecipes.PlateFixture);
        using var part = PartScenes.Plate(Scalar.All(210), MatType.CV_8UC1);
        using (var symbol = QrImages.Render(Serial, 4, out _))
        {
            // A smear over the middle third of the symbol, finder patterns left intact.
            PartScenes.Fill(symbol, new Rect(44, 36, 30, 44), Scalar.All(255));
            PartScenes.Paste(part, symbol, 120, 0);
        }

        using var image = PartScenes.Place(part, 800, 600, 400, 300, 8, Scalar.All(40));

        var result = CheckRecipes.Inspect(json, image);

        Assert.Equal(ToolStatus.NotFound, result.Tool("serial").Status);
        Assert.Equal(["CODE_UNREADABLE"], result.Reasons);
        Assert.Contains(result.Shapes, s => s.Label == "serial unreadable");
    }

    [Fact]
    public void Without_a_region_the_whole_frame_is_read()
    {
        using var symbol = QrImages.Render("PART-88", 4, out _);
        using var image = BarcodeImages.OnCanvas(symbol, 640, 480, 402, 251);
        var json = CheckRecipes.Json("""{ "name": "any", "type": "code", "pattern": "PART-\\d+" }""");

        var result = CheckRecipes.Inspect(json, image);

        Assert.Equal((ToolStatus.Pass, "PART-88"), (result.Tool("any").Status, result.Tool("any").Text));
        var quad = result.Shapes.Where(s => s.Kind == ShapeKind.Segment).ToList();
        Assert.Equal(402 + (symbol.Cols / 2.0), quad.Average(s => s.X), 3.0);
        Assert.Equal(251 + (symbol.Rows / 2.0), quad.Average(s => s.Y), 3.0);
    }

    [Theory]
    [InlineData("590123412345", "ean13", "5901234123457", ToolStatus.Pass)]
    [InlineData("590123412345", "ean8", "5901234123457", ToolStatus.Fail)]
    [InlineData("003600029145", "ean13", "0036000291452", ToolStatus.Pass)]
    [InlineData("003600029145", "upca", "036000291452", ToolStatus.Pass)]
    public void A_barcode_is_checked_for_the_symbology_the_recipe_expects(string digits, string symbology, string text, ToolStatus status)
    {
        var modules = BarcodeImages.Ean13Modules(digits, out _);
        using var symbol = BarcodeImages.Render(modules, 2, 100);
        using var image = BarcodeImages.OnCanvas(symbol, 640, 480, 150, 160);
        var roi = $$""" "roi": { "x": {{150 + (symbol.Cols / 2)}}, "y": {{160 + (symbol.Rows / 2)}}, "length": {{symbol.Cols + 20}}, "width": {{symbol.Rows + 20}} } """;
        var json = CheckRecipes.Json($$"""{ "name": "ean", "type": "code", {{roi}}, "kinds": "barcode", "symbology": "{{symbology}}" }""");

        var result = CheckRecipes.Inspect(json, image);

        Assert.Equal((status, text), (result.Tool("ean").Status, result.Tool("ean").Text));
        Assert.Equal(status == ToolStatus.Pass ? [] : ["CODE_MISMATCH"], result.Reasons);
    }

    [Theory]
    [InlineData("\"pattern\": \"SN-(\\\\d{6}\"", "tools[0].pattern: is not a valid .NET regular expression: ")]
    [InlineData("\"kinds\": \"qr\", \"symbology\": \"ean13\"", "tools[0].symbology: 'ean13' is not a kind this tool reads (kinds: qr)")]
    [InlineData("\"symbology\": \"code128\"", "tools[0].symbology: 'code128' is not one of: qr, ean13, ean8, upca, upce")]
    [InlineData("\"kinds\": \"datamatrix\"", "tools[0].kinds: 'datamatrix' is not one of: qr, barcode, any")]
    [InlineData("\"expected\": \"\"", "tools[0].expected: must not be empty (leave it out to accept any text)")]
    [InlineData("\"wechat\": \"yes\"", "tools[0].wechat: expected true or false, got string \"yes\"")]
    public void Parameter_mistakes_are_reported_with_their_path(string parameters, string expected)
    {
        var json = CheckRecipes.Json($$"""{ "name": "c", "type": "code", {{parameters}} }""");

        var error = Assert.Single(CheckRecipes.Errors(json));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_a_code_allocates_a_few_small_objects_per_frame()
    {
        using var image = QrOnPlate(Serial, 400, 300, 0, new Random(8));
        var baseline = """{ "name": "baseline", "type": "presence", "fixtured": false, "roi": { "x": 10, "y": 10, "length": 4, "width": 4 }, "low": 0, "high": 100, "fraction": { "min": 0 } }""";
        var code = $$"""{ "name": "serial", "type": "code", {{CodeRoi}}, "expected": "{{Serial}}" }""";

        var bytes = CheckRecipes.ToolBytesPerFrame(CheckRecipes.Json(baseline + "," + code, CheckRecipes.PlateFixture), CheckRecipes.Json(baseline, CheckRecipes.PlateFixture), image, 50);

        // Measured 2362 B/frame: the decoded string and corner arrays OpenCvSharp returns, its argument wrappers, and
        // the resampling call (312 B). Accepted for code reading; the bound catches a per-frame buffer or decoder.
        output.WriteLine($"code: {bytes:F1} B/frame");
        Assert.True(bytes < 4096, $"code tool allocated {bytes:F1} B/frame");
    }

    // The QR code of text on a 440 × 280 plate (210) at part (120, 0), the plate turned and placed on a dark frame.
    private static Mat QrOnPlate(string text, double x, double y, double angle, Random random)
    {
        using var part = PartScenes.Plate(Scalar.All(210), MatType.CV_8UC1);
        using (var symbol = QrImages.Render(text, 4, out _))
        {
            PartScenes.Paste(part, symbol, 120, 0);
        }

        var image = PartScenes.Place(part, 800, 600, x, y, angle, Scalar.All(40));
        PartScenes.AddNoise(image, random, 2);
        return image;
    }
}
