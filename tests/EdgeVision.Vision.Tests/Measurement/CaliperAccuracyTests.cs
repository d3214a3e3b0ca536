using EdgeVision.Vision.Drawing;
using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;
using Xunit.Abstractions;

namespace EdgeVision.Vision.Tests.Measurement;

public class CaliperAccuracyTests(ITestOutputHelper output)
{
    private const double Dark = 50;
    private const double Light = 200;
    private const double Noise = 2;

    [Theory]
    [InlineData(EdgePolarity.DarkToLight, 20240701)]
    [InlineData(EdgePolarity.LightToDark, 20240702)]
    public void Caliper_places_antialiased_straight_edges_within_five_hundredths_of_a_pixel_rms(EdgePolarity polarity, int seed)
    {
        const int Trials = 250;
        const int Size = 64;
        var random = new Random(seed);
        using var caliper = new Caliper();
        using var gray = new Mat(Size, Size, MatType.CV_8UC1);
        double squares = 0, worst = 0, bias = 0;

        for (var trial = 0; trial < Trials; trial++)
        {
            // The edge at a random orientation through a random sub-pixel point; the caliper a little off that point
            // and turned up to 4° away from the edge normal.
            var normalDeg = random.NextDouble() * 360;
            double ex = (Size / 2.0) + random.NextDouble() - 0.5, ey = (Size / 2.0) + random.NextDouble() - 0.5;
            var roi = new RotatedRoi(
                (Size / 2.0) + (4 * (random.NextDouble() - 0.5)),
                (Size / 2.0) + (4 * (random.NextDouble() - 0.5)),
                21,
                5,
                normalDeg + (8 * (random.NextDouble() - 0.5)));
            var lightAhead = polarity == EdgePolarity.DarkToLight;
            gray.SetTo(Scalar.All(lightAhead ? Dark : Light));
            EdgeImages.FillHalfPlane(gray, ex, ey, normalDeg, lightAhead ? Light : Dark);
            GaussianNoise.Add(gray, random, Noise);

            var found = caliper.FindStrongestEdge(gray, roi, polarity, 20, out var edge);

            Assert.True(found, $"trial {trial}: no edge");
            var expected = ExpectedPosition(roi, ex, ey, normalDeg);
            var error = edge.Position - expected;
            Assert.Equal(lightAhead, edge.Strength > 0);
            var (x, y) = roi.ToImage(edge.Position, 0);
            Assert.Equal(x, edge.X, 9);
            Assert.Equal(y, edge.Y, 9);
            squares += error * error;
            bias += error;
            worst = Math.Max(worst, Math.Abs(error));
        }

        var rms = Math.Sqrt(squares / Trials);
        output.WriteLine($"{polarity}: edge position RMS {rms:F4} px, mean {bias / Trials:F4} px, worst {worst:F4} px over {Trials} edges");
        Assert.True(rms <= 0.05, $"edge position RMS error {rms:F4} px > 0.05 px");
    }

    [Fact]
    public void Radial_calipers_and_a_circle_fit_measure_antialiased_discs_within_a_tenth_of_a_pixel_rms()
    {
        const int Trials = 60;
        var random = new Random(4242);
        using var caliper = new Caliper();
        Span<Point2d> points = stackalloc Point2d[128];
        double squares = 0, centreSquares = 0, worst = 0;

        for (var trial = 0; trial < Trials; trial++)
        {
            var diameter = 20 + (180 * random.NextDouble());
            var size = (int)diameter + 40;
            double cx = (size / 2.0) + random.NextDouble() - 0.5, cy = (size / 2.0) + random.NextDouble() - 0.5;
            using var gray = new Mat(size, size, MatType.CV_8UC1, Scalar.All(Light));
            CoverageShapes.FillDisc(gray, cx, cy, diameter / 2, Scalar.All(Dark));
            GaussianNoise.Add(gray, random, Noise);

            // Start from a nominal circle up to a pixel off in centre and radius, as a located part would give.
            var nominal = new Point2d(cx + random.NextDouble() - 0.5, cy + random.NextDouble() - 0.5);
            var radius = (diameter / 2) + (2 * (random.NextDouble() - 0.5));
            var count = Math.Min(points.Length, (int)(Math.PI * diameter / 3));
            var search = new EdgeSearch(10, 3, EdgePolarity.DarkToLight, 30);

            var n = CaliperArray.AroundCircle(caliper, gray, nominal, radius, count, search, points);

            Assert.Equal(count, n);
            Assert.True(CircleFit.TryFit(points[..n], out var circle));
            var error = circle.Diameter - diameter;
            squares += error * error;
            centreSquares += Math.Pow(circle.X - cx, 2) + Math.Pow(circle.Y - cy, 2);
            worst = Math.Max(worst, Math.Abs(error));
        }

        double rms = Math.Sqrt(squares / Trials), centreRms = Math.Sqrt(centreSquares / Trials);
        output.WriteLine($"circle diameter RMS {rms:F4} px (worst {worst:F4}), centre RMS {centreRms:F4} px over {Trials} discs of 20–200 px");
        Assert.True(rms <= 0.1, $"diameter RMS error {rms:F4} px > 0.1 px");
        Assert.True(centreRms <= 0.05, $"centre RMS error {centreRms:F4} px > 0.05 px");
    }

    /// <summary>Where the caliper's u axis crosses the edge through (ex, ey) with normal angle normalDeg.</summary>
    private static double ExpectedPosition(in RotatedRoi roi, double ex, double ey, double normalDeg)
    {
        var a = normalDeg * Math.PI / 180;
        double nx = Math.Cos(a), ny = Math.Sin(a);
        var (ux, uy) = roi.AxisU;
        return ((nx * (ex - roi.X)) + (ny * (ey - roi.Y))) / ((nx * ux) + (ny * uy));
    }
}
