namespace EdgeVision.Vision.Color;

/// <summary>
/// White-balance gains and a 3×3 colour-correction matrix, both in R, G, B order as photographers write them.
/// The corrected colour is <c>M · diag(gains) · rgb</c>.
/// </summary>
public sealed record ColorCorrection(
    double GainR,
    double GainG,
    double GainB,
    IReadOnlyList<double> Matrix)
{
    /// <summary>No white balance and the identity matrix.</summary>
    public static ColorCorrection Identity { get; } = new(1, 1, 1, [1, 0, 0, 0, 1, 0, 0, 0, 1]);

    /// <summary>True when applying this correction would change nothing.</summary>
    public bool IsIdentity
    {
        get
        {
            if (GainR != 1 || GainG != 1 || GainB != 1)
            {
                return false;
            }

            for (var i = 0; i < 9; i++)
            {
                if (Matrix[i] != (i % 4 == 0 ? 1 : 0))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// The combined 3×3 transform in OpenCV's B, G, R channel order, row-major, as <c>cv::transform</c> takes it:
    /// white balance and matrix applied in one pass over the image.
    /// </summary>
    public float[] ToBgrTransform()
    {
        if (Matrix.Count != 9)
        {
            ThrowHelper.ThrowArgument("The colour matrix needs 9 elements.", nameof(Matrix));
        }

        ReadOnlySpan<double> gains = [GainR, GainG, GainB];
        var result = new float[9];
        for (var outRgb = 0; outRgb < 3; outRgb++)
        {
            for (var inRgb = 0; inRgb < 3; inRgb++)
            {
                // BGR index of an RGB index i is 2 - i.
                result[((2 - outRgb) * 3) + (2 - inRgb)] = (float)(Matrix[(outRgb * 3) + inRgb] * gains[inRgb]);
            }
        }

        return result;
    }
}
