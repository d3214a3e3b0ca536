using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Measurement;

public class HoleGaugeTests(ITestOutputHelper output)
{
    private const int Size = 300;
    private const double Surface = 200;
    private const double HoleLevel = 30;
    private const double MinContrast = 40;
    private const int Trials = 40;

    [Fact]
    public void Diameter_and_centre_of_drawn_holes_are_measured_to_a_tenth_of_a_pixel()
    {
        var random = new Random(20240611);
        double diameterSquares = 0, centreSquares = 0, worstDiameter = 0, worstCentre = 0;

        for (var trial = 0; trial < Trials; trial++)
        {
            var (x, y, diameter) = RandomHole(random);
            using var gray = HoleImage(x, y, diameter, random);

            var m = HoleGauge.Measure(gray, Math.Round(x), Math.Round(y), Math.Round(diameter), MinContrast);

            Assert.True(m.Present, $"hole {trial} (d = {diameter:F2}) not found");
            var diameterError = m.Diameter - diameter;
            var centreError = Math.Sqrt(Math.Pow(m.X - x, 2) + Math.Pow(m.Y - y, 2));
            diameterSquares += diameterError * diameterError;
            centreSquares += centreError * centreError;
            worstDiameter = Math.Max(worstDiameter, Math.Abs(diameterError));
            worstCentre = Math.Max(worstCentre, centreError);
        }

        double diameterRms = Math.Sqrt(diameterSquares / Trials), centreRms = Math.Sqrt(centreSquares / Trials);
        output.WriteLine($"diameter RMS {diameterRms:F4} px (worst {worstDiameter:F4}), centre RMS {centreRms:F4} px (worst {worstCentre:F4})");
        Assert.True(diameterRms <= 0.1, $"diameter RMS error {diameterRms:F4} px > 0.1 px");
        Assert.True(centreRms <= 0.1, $"centre RMS error {centreRms:F4} px > 0.1 px");
    }

    [Fact]
    public void A_hole_up_to_three_pixels_from_where_it_was_expected_is_still_measured_right()
    {
        var random = new Random(77);
        double diameterSquares = 0, centreSquares = 0;

        for (var trial = 0; trial < Trials; trial++)
        {
            var (x, y, diameter) = RandomHole(random);
            using var gray = HoleImage(x, y, diameter, random);
            var angle = random.NextDouble() * 2 * Math.PI;
            var offset = 1 + (2 * random.NextDouble());
            double expectedX = x + (offset * Math.Cos(angle)), expectedY = y + (offset * Math.Sin(angle));

            var m = HoleGauge.Measure(gray, expectedX, expectedY, diameter, MinContrast);

            Assert.True(m.Present, $"hole {trial} (d = {diameter:F2}, {offset:F2} px off) not found");
            diameterSquares += Math.Pow(m.Diameter - diameter, 2);
            centreSquares += Math.Pow(m.X - x, 2) + Math.Pow(m.Y - y, 2);
        }

        double diameterRms = Math.Sqrt(diameterSquares / Trials), centreRms = Math.Sqrt(centreSquares / Trials);
        output.WriteLine($"off-centre start: diameter RMS {diameterRms:F4} px, centre RMS {centreRms:F4} px");
        Assert.True(diameterRms <= 0.1, $"diameter RMS error {diameterRms:F4} px > 0.1 px");
        Assert.True(centreRms <= 0.1, $"centre RMS error {centreRms:F4} px > 0.1 px");
    }

    [Fact]
    public void A_surface_without_a_hole_reports_the_hole_absent()
    {
        using var gray = new Mat(Size, Size, MatType.CV_8UC1, Scalar.All(Surface));
        GaussianNoise.Add(gray, new Random(5), 2);

        var m = HoleGauge.Measure(gray, Size / 2.0, Size / 2.0, 64, MinContrast);

        Assert.False(m.Present);
        Assert.Equal(0, m.Diameter);
        Assert.True(Math.Abs(m.Contrast) < 2, $"contrast of a plain surface was {m.Contrast:F2}");
    }

    [Fact]
    public void A_hole_too_faint_for_the_minimum_contrast_is_reported_absent()
    {
        using var gray = new Mat(Size, Size, MatType.CV_8UC1, Scalar.All(Surface));
        CoverageShapes.FillDisc(gray, 150.3, 149.6, 30, Scalar.All(Surface - 30));

        var m = HoleGauge.Measure(gray, 150, 150, 60, MinContrast);

        Assert.False(m.Present);
        Assert.True(Math.Abs(m.Contrast - 30) < 1, $"contrast was {m.Contrast:F2}, expected about 30");
    }

    [Fact]
    public void The_contrast_reported_is_surface_minus_hole_level()
    {
        using var gray = HoleImage(150.25, 149.75, 50, random: null);

        var m = HoleGauge.Measure(gray, 150, 150, 50, MinContrast);

        Assert.True(m.Present);
        Assert.Equal(Surface - HoleLevel, m.Contrast, 3);
    }

    private static (double X, double Y, double Diameter) RandomHole(Random random) =>
        (Size / 2.0 + ((random.NextDouble() - 0.5) * 20), Size / 2.0 + ((random.NextDouble() - 0.5) * 20), 20 + (100 * random.NextDouble()));

    private static Mat HoleImage(double x, double y, double diameter, Random? random)
    {
        var gray = new Mat(Size, Size, MatType.CV_8UC1, Scalar.All(Surface));
        CoverageShapes.FillDisc(gray, x, y, diameter / 2, Scalar.All(HoleLevel));
        if (random is not null)
        {
            GaussianNoise.Add(gray, random, 2);
        }

        return gray;
    }
}
