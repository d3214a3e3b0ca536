using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Measurement;

public sealed class CaliperPairTests(ITestOutputHelper output)
{
    private const double Dark = 50;
    private const double Light = 200;

    [Fact]
    public void Width_of_a_stripe_at_any_angle_is_measured_within_five_hundredths_of_a_pixel_rms()
    {
        const int Trials = 100;
        var random = new Random(555);
        using var caliper = new Caliper();
        using var gray = new Mat(80, 80, MatType.CV_8UC1);
        double squares = 0, centreSquares = 0;

        for (var trial = 0; trial < Trials; trial++)
        {
            var width = 4 + (26 * random.NextDouble());
            var normalDeg = random.NextDouble() * 360;
            double x = 40 + random.NextDouble() - 0.5, y = 40 + random.NextDouble() - 0.5;
            gray.SetTo(Scalar.All(Dark));
            EdgeImages.FillStripe(gray, x, y, normalDeg, -width / 2, width / 2, Light);
            GaussianNoise.Add(gray, random, 2);
            var tilt = 6 * (random.NextDouble() - 0.5);
            var roi = new RotatedRoi(x, y, width + 16, 5, normalDeg + tilt);

            Assert.True(caliper.FindPair(gray, roi, EdgePolarity.DarkToLight, EdgePolarity.LightToDark, 20, double.NaN, out var pair), $"trial {trial}: no pair");

            // Turned by the tilt, the caliper crosses the stripe along a chord 1/cos(tilt) longer.
            var expected = width / Math.Cos(tilt * Math.PI / 180);
            squares += Math.Pow(pair.Width - expected, 2);
            centreSquares += Math.Pow(pair.CentrePosition, 2);
            Assert.Equal(pair.Centre.X, roi.ToImage(pair.CentrePosition, 0).X, 9);
            Assert.Equal(pair.Centre.Y, roi.ToImage(pair.CentrePosition, 0).Y, 9);
        }

        double rms = Math.Sqrt(squares / Trials), centreRms = Math.Sqrt(centreSquares / Trials);
        output.WriteLine($"stripe width RMS {rms:F4} px, centre RMS {centreRms:F4} px over {Trials} stripes 4–30 px wide");
        Assert.True(rms <= 0.05, $"width RMS error {rms:F4} px > 0.05 px");
        Assert.True(centreRms <= 0.05, $"centre RMS error {centreRms:F4} px > 0.05 px");
    }

    [Fact]
    public void The_pair_closest_to_the_expected_width_is_chosen_and_otherwise_the_strongest()
    {
        // A bright 6 px bar at u ∈ [−15, −9] and a fainter 12 px bar at u ∈ [0, 12].
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(Dark));
        EdgeImages.FillStripe(gray, 40, 30, 0, -15, -9, 250);
        EdgeImages.FillStripe(gray, 40, 30, 0, 0, 12, 120);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(40, 30, 41, 5, 0);

        Assert.True(caliper.FindPair(gray, roi, EdgePolarity.DarkToLight, EdgePolarity.LightToDark, 10, 12, out var wide));
        Assert.True(caliper.FindPair(gray, roi, EdgePolarity.DarkToLight, EdgePolarity.LightToDark, 10, 6.5, out var narrow));
        Assert.True(caliper.FindPair(gray, roi, EdgePolarity.DarkToLight, EdgePolarity.LightToDark, 10, double.NaN, out var strongest));

        Assert.Equal(12, wide.Width, 2);
        Assert.Equal(6, wide.CentrePosition, 2);
        Assert.Equal(6, narrow.Width, 2);
        Assert.Equal(-12, narrow.CentrePosition, 2);
        Assert.Equal(narrow, strongest);
    }

    [Fact]
    public void A_dark_gap_is_a_light_to_dark_edge_followed_by_a_dark_to_light_one()
    {
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(Light));
        EdgeImages.FillStripe(gray, 40, 30, 90, -2.3, 3.1, Dark);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(40, 30, 31, 9, 90);

        Assert.True(caliper.FindPair(gray, roi, EdgePolarity.LightToDark, EdgePolarity.DarkToLight, 20, double.NaN, out var gap));
        Assert.False(caliper.FindPair(gray, roi, EdgePolarity.DarkToLight, EdgePolarity.DarkToLight, 20, double.NaN, out _));

        Assert.Equal(5.4, gap.Width, 2);
        Assert.Equal(27.7, gap.First.Y, 2);
        Assert.Equal(33.1, gap.Second.Y, 2);
        Assert.True(gap.First.Strength < 0 && gap.Second.Strength > 0);
    }
}
