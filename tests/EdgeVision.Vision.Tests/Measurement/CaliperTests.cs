using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Vision.Tests.Measurement;

public sealed class CaliperTests
{
    private const double Dark = 40;
    private const double Light = 190;

    [Fact]
    public void Caliper_finds_a_dark_to_light_edge_at_its_subpixel_position()
    {
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(Dark));
        EdgeImages.FillHalfPlane(gray, 37.3, 30, 0, Light);
        using var caliper = new Caliper();

        Assert.True(caliper.FindStrongestEdge(gray, new RotatedRoi(40, 30, 25, 5, 0), EdgePolarity.DarkToLight, 20, out var edge));

        Assert.Equal(-2.7, edge.Position, 2);
        Assert.Equal(37.3, edge.X, 2);
        Assert.Equal(30, edge.Y, 9);

        // A step of 150 blurred by the sigma-1 Gaussian peaks near 150/√(2π·1.1²) ≈ 54 gray levels per px.
        Assert.InRange(edge.Strength, 45, 65);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    [InlineData(1.5)]
    public void An_axis_aligned_caliper_at_a_fractional_centre_places_edges_without_interpolation_bias(double sigma)
    {
        using var gray = new Mat(64, 64, MatType.CV_8UC1);
        using var caliper = new Caliper(sigma);
        var worst = 0.0;
        for (var k = 0; k < 20; k++)
        {
            var edgeY = 30 + (k / 20.0);
            gray.SetTo(Scalar.All(Dark));
            EdgeImages.FillHalfPlane(gray, 20, edgeY, 90, Light);

            // The caliper runs down the image from y = 30.37: bilinear reads along it would weigh rows 0.63/0.37.
            Assert.True(caliper.FindStrongestEdge(gray, new RotatedRoi(32.2, 30.37, 21, 5, 90), EdgePolarity.DarkToLight, 20, out var edge));
            worst = Math.Max(worst, Math.Abs(edge.Position - (edgeY - 30.37)));
        }

        // Whole-pixel steps of 1/255 in the coverage levels leave a few thousandths.
        Assert.True(worst < 0.005, $"worst error {worst:F4} px");
    }

    [Fact]
    public void Polarity_filter_keeps_only_edges_of_the_requested_direction()
    {
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(Dark));
        EdgeImages.FillStripe(gray, 40, 30, 0, -8.6, 4.2, Light);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(40.5, 30, 41, 7, 0);
        Span<EdgePoint> edges = stackalloc EdgePoint[8];

        Assert.Equal(2, caliper.FindEdges(gray, roi, EdgePolarity.Any, 20, edges));
        Assert.Equal(31.4, edges[0].X, 2);
        Assert.True(edges[0].Strength > 0);
        Assert.Equal(44.2, edges[1].X, 2);
        Assert.True(edges[1].Strength < 0);

        Assert.Equal(1, caliper.FindEdges(gray, roi, EdgePolarity.DarkToLight, 20, edges));
        Assert.Equal(31.4, edges[0].X, 2);
        Assert.Equal(1, caliper.FindEdges(gray, roi, EdgePolarity.LightToDark, 20, edges));
        Assert.Equal(44.2, edges[0].X, 2);

        // Turned round, the same caliper sees the stripe's edges the other way.
        Assert.True(caliper.FindStrongestEdge(gray, roi with { AngleDeg = 180 }, EdgePolarity.DarkToLight, 20, out var back));
        Assert.Equal(44.2, back.X, 2);
        Assert.Equal(-3.7, back.Position, 2);
    }

    [Fact]
    public void A_flat_noisy_profile_has_no_edge()
    {
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(120));
        GaussianNoise.Add(gray, new Random(11), 2);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(40, 30, 50, 5, 33);

        Assert.Equal(0, caliper.FindEdges(gray, roi, EdgePolarity.Any, 10, []));
        Assert.False(caliper.FindStrongestEdge(gray, roi, EdgePolarity.Any, 10, out _));
        Assert.False(caliper.FindPair(gray, roi, EdgePolarity.DarkToLight, EdgePolarity.LightToDark, 10, double.NaN, out _));

        // The noise alone makes gradients of about a gray level per px, all well below the minimum.
        var max = 0.0;
        foreach (var g in caliper.Gradient)
        {
            max = Math.Max(max, Math.Abs(g));
        }

        Assert.InRange(max, 0.2, 5);
    }

    [Fact]
    public void A_faint_edge_counts_only_when_the_minimum_strength_allows_it()
    {
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(100));
        EdgeImages.FillHalfPlane(gray, 40.4, 30, 180, 112);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(40, 30, 31, 5, 0);

        // A 12-level step peaks near 4.4 gray levels per px.
        Assert.False(caliper.FindStrongestEdge(gray, roi, EdgePolarity.Any, 6, out _));
        Assert.True(caliper.FindStrongestEdge(gray, roi, EdgePolarity.Any, 3, out var edge));
        Assert.Equal(40.4, edge.X, 1);
        Assert.InRange(edge.Strength, -6, -3);
    }

    [Fact]
    public void Edges_beyond_the_span_are_counted_but_not_stored()
    {
        using var gray = new Mat(60, 100, MatType.CV_8UC1, Scalar.All(Dark));
        EdgeImages.FillStripe(gray, 50, 30, 0, -30, -20, Light);
        EdgeImages.FillStripe(gray, 50, 30, 0, -5, 5, Light);
        EdgeImages.FillStripe(gray, 50, 30, 0, 20, 30, Light);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(50, 30, 81, 5, 0);
        Span<EdgePoint> all = stackalloc EdgePoint[10];
        Span<EdgePoint> two = stackalloc EdgePoint[2];

        Assert.Equal(6, caliper.FindEdges(gray, roi, EdgePolarity.Any, 20, all));
        Assert.Equal(6, caliper.FindEdges(gray, roi, EdgePolarity.Any, 20, two));

        Assert.Equal(all[0], two[0]);
        Assert.Equal(all[1], two[1]);
        for (var i = 1; i < 6; i++)
        {
            Assert.True(all[i].Position > all[i - 1].Position);
        }
    }

    [Fact]
    public void Profile_and_gradient_show_the_last_measurement()
    {
        using var gray = new Mat(60, 80, MatType.CV_8UC1, Scalar.All(Dark));
        EdgeImages.FillHalfPlane(gray, 45, 30, 0, Light);
        using var caliper = new Caliper();
        var roi = new RotatedRoi(40, 30, 30, 3, 0);

        Assert.True(caliper.FindStrongestEdge(gray, roi, EdgePolarity.Any, 20, out var edge));

        Assert.Equal(Caliper.SamplesAlong(30), caliper.Profile.Length);
        Assert.Equal(caliper.Profile.Length, caliper.Gradient.Length);
        Assert.Equal(Dark, caliper.Profile[0], 6);
        Assert.Equal(Light, caliper.Profile[^1], 6);
        var peak = 0;
        for (var i = 1; i < caliper.Gradient.Length; i++)
        {
            peak = caliper.Gradient[i] > caliper.Gradient[peak] ? i : peak;
        }

        Assert.True(Math.Abs(caliper.PositionOfSample(peak) - edge.Position) <= 0.5);
        Assert.Equal(roi, caliper.LastRoi);
    }

    [Fact]
    public void A_caliper_reaching_past_the_image_border_still_finds_the_edge_inside()
    {
        using var gray = new Mat(40, 40, MatType.CV_8UC1, Scalar.All(Dark));
        EdgeImages.FillHalfPlane(gray, 3.6, 20, 180, Light);
        using var caliper = new Caliper();

        Assert.True(caliper.FindStrongestEdge(gray, new RotatedRoi(2, 20, 30, 5, 0), EdgePolarity.LightToDark, 20, out var edge));

        Assert.Equal(3.6, edge.X, 2);
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        using var color = new Mat(20, 20, MatType.CV_8UC3, Scalar.All(0));
        using var gray = new Mat(20, 20, MatType.CV_8UC1, Scalar.All(0));
        var caliper = new Caliper();

        Assert.Throws<ArgumentException>(() => caliper.FindEdges(color, new RotatedRoi(10, 10, 10, 3, 0), EdgePolarity.Any, 10, []));
        Assert.Throws<ArgumentException>(() => caliper.FindEdges(gray, new RotatedRoi(10, 10, 0, 3, 0), EdgePolarity.Any, 10, []));
        Assert.Throws<ArgumentException>(() => caliper.FindEdges(gray, new RotatedRoi(double.NaN, 10, 10, 3, 0), EdgePolarity.Any, 10, []));
        Assert.Throws<ArgumentException>(() => caliper.FindEdges(gray, new RotatedRoi(10, 10, 10, 3, 0), EdgePolarity.Any, -1, []));
        Assert.Throws<ArgumentException>(() => new Caliper(-1));
        caliper.Dispose();
        Assert.Throws<ObjectDisposedException>(() => caliper.FindEdges(gray, new RotatedRoi(10, 10, 10, 3, 0), EdgePolarity.Any, 10, []));
    }
}
