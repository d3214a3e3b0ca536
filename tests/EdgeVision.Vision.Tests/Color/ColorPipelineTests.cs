using EdgeVision.Vision.Color;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Color;

public class ColorPipelineTests
{
    private const int Patch = 32;

    // Left to right: pure red, pure green, pure blue, white (BGR order).
    private static readonly Scalar[] PatchColors = [new(0, 0, 255), new(0, 255, 0), new(255, 0, 0), new(255, 255, 255)];

    [Theory]
    [InlineData(PixelFormat.BayerRggb8)]
    [InlineData(PixelFormat.BayerBggr8)]
    [InlineData(PixelFormat.BayerGrbg8)]
    [InlineData(PixelFormat.BayerGbrg8)]
    public void Debayering_returns_each_pure_patch_in_its_own_colour(PixelFormat format)
    {
        using var bgr = PatchImage(PatchColors);
        using var raw = Mosaic(bgr, format, BayerMosaic.IdentityLuts());
        using var pipeline = new ColorPipeline(ColorCorrection.Identity);
        var clock = StageClock.StartNew();

        pipeline.Process(raw, format, ref clock);

        var red = PatchCentre(pipeline.Color, 0);
        var green = PatchCentre(pipeline.Color, 1);
        var blue = PatchCentre(pipeline.Color, 2);
        var white = PatchCentre(pipeline.Color, 3);
        Assert.True(red is { Item0: < 10, Item1: < 10, Item2: > 245 }, $"{format}: red patch came back as {red}");
        Assert.True(green is { Item0: < 10, Item1: > 245, Item2: < 10 }, $"{format}: green patch came back as {green}");
        Assert.True(blue is { Item0: > 245, Item1: < 10, Item2: < 10 }, $"{format}: blue patch came back as {blue}");
        Assert.True(white is { Item0: > 245, Item1: > 245, Item2: > 245 }, $"{format}: white patch came back as {white}");
    }

    [Fact]
    public void Debayering_with_the_opposite_order_swaps_red_and_blue()
    {
        // Guards the checks above: they must be able to tell an RGGB reading from a BGGR one.
        using var bgr = PatchImage(PatchColors);
        using var raw = Mosaic(bgr, PixelFormat.BayerRggb8, BayerMosaic.IdentityLuts());
        using var pipeline = new ColorPipeline(ColorCorrection.Identity);
        var clock = StageClock.StartNew();

        pipeline.Process(raw, PixelFormat.BayerBggr8, ref clock);

        var red = PatchCentre(pipeline.Color, 0);
        Assert.True(red is { Item0: > 245, Item2: < 10 }, $"red patch read as BGGR came back as {red}");
    }

    [Fact]
    public void White_balance_undoes_the_sensor_gains_on_a_gray_patch()
    {
        using var bgr = PatchImage([Scalar.All(160)]);
        using var raw = Mosaic(bgr, PixelFormat.BayerRggb8, BayerMosaic.GainLuts(0.75, 1.0, 0.55));
        using var uncorrected = new ColorPipeline(ColorCorrection.Identity);
        using var balanced = new ColorPipeline(new ColorCorrection(1 / 0.55, 1, 1 / 0.75, [1, 0, 0, 0, 1, 0, 0, 0, 1]));
        var clock = StageClock.StartNew();

        uncorrected.Process(raw, PixelFormat.BayerRggb8, ref clock);
        balanced.Process(raw, PixelFormat.BayerRggb8, ref clock);

        var before = PatchCentre(uncorrected.Color, 0);
        var after = PatchCentre(balanced.Color, 0);
        Assert.True(Math.Abs(before.Item2 - 88) <= 1 && Math.Abs(before.Item0 - 120) <= 1, $"the sensor gains should tint the patch: {before}");
        for (var c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(after[c] - 160) <= 3, $"balanced patch {after} is not gray 160 ± 3 (channel {c})");
        }

        Assert.True(Math.Abs(balanced.Gray.At<byte>(Patch / 2, Patch / 2) - 160) <= 3, "the gray image follows the balanced colour");
    }

    [Fact]
    public void A_matrix_that_swaps_red_and_blue_turns_a_red_patch_blue()
    {
        using var bgr = PatchImage([new Scalar(0, 0, 255)]);
        using var raw = Mosaic(bgr, PixelFormat.BayerRggb8, BayerMosaic.IdentityLuts());
        using var pipeline = new ColorPipeline(new ColorCorrection(1, 1, 1, [0, 0, 1, 0, 1, 0, 1, 0, 0]));
        var clock = StageClock.StartNew();

        pipeline.Process(raw, PixelFormat.BayerRggb8, ref clock);

        var patch = PatchCentre(pipeline.Color, 0);
        Assert.True(patch is { Item0: > 245, Item1: < 10, Item2: < 10 }, $"red patch after the swap came back as {patch}");
    }

    [Fact]
    public void A_colour_image_is_transformed_exactly_as_the_matrix_and_gains_say()
    {
        // rgb_out = M · diag(gR, gG, gB) · rgb_in with rgb_in = (40, 60, 20):
        // R = 0.5·2·40 + 0.25·1·60 + 0·0.5·20 = 55, G = 0·80 + 1·60 + 0.5·10 = 65, B = 0.25·80 + 0 + 1·10 = 30.
        using var bgr = new Mat(8, 8, MatType.CV_8UC3, new Scalar(20, 60, 40));
        using var pipeline = new ColorPipeline(new ColorCorrection(2, 1, 0.5, [0.5, 0.25, 0, 0, 1, 0.5, 0.25, 0, 1]));
        var clock = StageClock.StartNew();

        pipeline.Process(bgr, PixelFormat.Bgr8, ref clock);

        var pixel = pipeline.Color.At<Vec3b>(4, 4);
        Assert.Equal(new Vec3b(30, 65, 55), pixel);
    }

    [Fact]
    public void Every_colour_stage_is_charged_on_the_clock()
    {
        using var bgr = PatchImage(PatchColors);
        using var raw = Mosaic(bgr, PixelFormat.BayerRggb8, BayerMosaic.IdentityLuts());
        using var pipeline = new ColorPipeline(new ColorCorrection(1.5, 1, 1.2, [1, 0, 0, 0, 1, 0, 0, 0, 1]));
        var clock = StageClock.StartNew();

        pipeline.Process(raw, PixelFormat.BayerRggb8, ref clock);

        Assert.True(clock.Ticks(Stage.Debayer) > 0);
        Assert.True(clock.Ticks(Stage.Color) > 0);
        Assert.True(clock.Ticks(Stage.Gray) > 0);
        Assert.Equal(0, clock.Ticks(Stage.Locate));
    }

    [Fact]
    public void Mosaic_keeps_only_the_channel_the_CFA_puts_at_each_pixel()
    {
        using var bgr = new Mat(4, 4, MatType.CV_8UC3, new Scalar(10, 20, 30));

        using var raw = Mosaic(bgr, PixelFormat.BayerGrbg8, BayerMosaic.IdentityLuts());

        // GRBG: G R / B G.
        Assert.Equal(20, raw.At<byte>(0, 0));
        Assert.Equal(30, raw.At<byte>(0, 1));
        Assert.Equal(10, raw.At<byte>(1, 0));
        Assert.Equal(20, raw.At<byte>(1, 1));
        Assert.Equal(30, raw.At<byte>(2, 3));
    }

    [Fact]
    public void Gain_tables_multiply_round_and_saturate()
    {
        var luts = BayerMosaic.GainLuts(0.5, 1.0, 2.0);

        Assert.Equal(50, luts[100]);         // B × 0.5
        Assert.Equal(100, luts[256 + 100]);  // G × 1
        Assert.Equal(200, luts[512 + 100]);  // R × 2
        Assert.Equal(255, luts[512 + 200]);  // saturates
        Assert.Equal(2, luts[5]);            // 2.5 rounds to even
    }

    /// <summary>A BGR image of square patches side by side, <see cref="Patch"/> pixels each.</summary>
    private static Mat PatchImage(Scalar[] colors)
    {
        var image = new Mat(Patch, Patch * colors.Length, MatType.CV_8UC3, Scalar.All(0));
        for (var i = 0; i < colors.Length; i++)
        {
            image.Rectangle(new Rect(i * Patch, 0, Patch, Patch), colors[i], -1);
        }

        return image;
    }

    private static Mat Mosaic(Mat bgr, PixelFormat format, byte[] luts)
    {
        var raw = new Mat(bgr.Rows, bgr.Cols, MatType.CV_8UC1);
        BayerMosaic.Mosaic(bgr, raw, format, luts, ReadOnlySpan<sbyte>.Empty, 0);
        return raw;
    }

    private static Vec3b PatchCentre(Mat image, int patch) => image.At<Vec3b>(Patch / 2, (patch * Patch) + (Patch / 2));
}
