using EdgeVision.Vision.Color;

namespace EdgeVision.Vision.Tests.Color;

public class ColorCorrectionTests
{
    [Fact]
    public void The_BGR_transform_reverses_both_axes_of_the_RGB_matrix_and_folds_in_the_gains()
    {
        // M (RGB) = [1 2 3; 4 5 6; 7 8 9], gains R = 2, G = 3, B = 5, so M·diag(g) = [2 6 15; 8 15 30; 14 24 45].
        // In B, G, R order both rows and columns reverse: [45 24 14; 30 15 8; 15 6 2].
        var correction = new ColorCorrection(2, 3, 5, [1, 2, 3, 4, 5, 6, 7, 8, 9]);

        var transform = correction.ToBgrTransform();

        Assert.Equal([45f, 24f, 14f, 30f, 15f, 8f, 15f, 6f, 2f], transform);
    }

    [Fact]
    public void The_identity_correction_gives_the_identity_transform()
    {
        var transform = ColorCorrection.Identity.ToBgrTransform();

        Assert.Equal([1f, 0f, 0f, 0f, 1f, 0f, 0f, 0f, 1f], transform);
    }

    [Fact]
    public void A_matrix_of_the_wrong_size_is_rejected()
    {
        var correction = new ColorCorrection(1, 1, 1, [1, 0, 0, 0, 1, 0]);

        Assert.Throws<ArgumentException>(() => correction.ToBgrTransform());
    }

    [Theory]
    [InlineData(1, 1, 1, true)]
    [InlineData(1.1, 1, 1, false)]
    [InlineData(1, 1, 0.9, false)]
    public void IsIdentity_looks_at_the_gains(double r, double g, double b, bool expected)
    {
        var correction = new ColorCorrection(r, g, b, [1, 0, 0, 0, 1, 0, 0, 0, 1]);

        Assert.Equal(expected, correction.IsIdentity);
    }

    [Fact]
    public void IsIdentity_looks_at_every_matrix_element()
    {
        var identity = new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
        for (var i = 0; i < 9; i++)
        {
            var matrix = (double[])identity.Clone();
            matrix[i] += 0.5;

            var correction = new ColorCorrection(1, 1, 1, matrix);

            Assert.False(correction.IsIdentity, $"changing element {i} should make the correction non-identity");
        }

        Assert.True(ColorCorrection.Identity.IsIdentity);
    }
}
