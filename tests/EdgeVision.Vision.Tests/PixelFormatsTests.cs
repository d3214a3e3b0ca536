namespace EdgeVision.Vision.Tests;

public class PixelFormatsTests
{
    // The CFA name lists the top-left 2×2 cell row by row: top-left, top-right, bottom-left, bottom-right.
    [Theory]
    [InlineData(PixelFormat.BayerRggb8, "RGGB")]
    [InlineData(PixelFormat.BayerBggr8, "BGGR")]
    [InlineData(PixelFormat.BayerGrbg8, "GRBG")]
    [InlineData(PixelFormat.BayerGbrg8, "GBRG")]
    public void BayerChannelAt_follows_the_named_cell_and_repeats_every_two_pixels(PixelFormat format, string cfa)
    {
        for (var y = 0; y < 6; y++)
        {
            for (var x = 0; x < 6; x++)
            {
                var letter = cfa[((y & 1) * 2) + (x & 1)];
                var expected = letter switch { 'B' => 0, 'G' => 1, _ => 2 };

                var channel = format.BayerChannelAt(x, y);

                Assert.True(expected == channel, $"{cfa} at ({x}, {y}): expected channel {expected}, got {channel}");
            }
        }
    }

    [Theory]
    [InlineData(PixelFormat.Mono8)]
    [InlineData(PixelFormat.Bgr8)]
    public void BayerChannelAt_rejects_formats_that_are_not_Bayer(PixelFormat format)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => format.BayerChannelAt(0, 0));
    }

    [Theory]
    [InlineData("RGGB", PixelFormat.BayerRggb8)]
    [InlineData("bggr", PixelFormat.BayerBggr8)]
    [InlineData("Grbg", PixelFormat.BayerGrbg8)]
    [InlineData("gbrg", PixelFormat.BayerGbrg8)]
    [InlineData("mono", PixelFormat.Mono8)]
    [InlineData("MONO8", PixelFormat.Mono8)]
    [InlineData("bgr", PixelFormat.Bgr8)]
    [InlineData("Bgr8", PixelFormat.Bgr8)]
    [InlineData("BayerGbrg8", PixelFormat.BayerGbrg8)]
    [InlineData("bayerrggb8", PixelFormat.BayerRggb8)]
    public void TryParse_reads_CFA_names_and_format_names_in_any_case(string text, PixelFormat expected)
    {
        var parsed = PixelFormats.TryParse(text, out var format);

        Assert.True(parsed);
        Assert.Equal(expected, format);
    }

    [Theory]
    [InlineData("RGBG")]
    [InlineData("")]
    [InlineData("rgb")]
    public void TryParse_refuses_unknown_names(string text)
    {
        var parsed = PixelFormats.TryParse(text, out _);

        Assert.False(parsed);
    }

    [Theory]
    [InlineData(PixelFormat.Mono8, 1, false)]
    [InlineData(PixelFormat.Bgr8, 3, false)]
    [InlineData(PixelFormat.BayerRggb8, 1, true)]
    [InlineData(PixelFormat.BayerGbrg8, 1, true)]
    public void Channel_count_and_Bayer_flag_match_the_layout(PixelFormat format, int channels, bool bayer)
    {
        Assert.Equal(channels, format.Channels());
        Assert.Equal(bayer, format.IsBayer());
        Assert.Equal(channels, format.MatType().Channels);
    }
}
