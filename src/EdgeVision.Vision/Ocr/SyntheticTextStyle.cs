using OpenCvSharp;

namespace EdgeVision.Vision.Ocr;

/// <summary>How <see cref="SyntheticCharacters"/> prints text.</summary>
/// <param name="Font">The Hershey font face (may carry <see cref="HersheyFonts.Italic"/>).</param>
/// <param name="Height">The height of a capital letter or digit in pixels.</param>
/// <param name="Stroke">The stroke width in pixels (fractions are honoured through supersampling).</param>
/// <param name="RotationDeg">Rotation about the text's centre, positive clockwise on screen.</param>
/// <param name="Shear">Slant: horizontal shift per pixel of height, positive leaning right like italics.</param>
/// <param name="BlurSigma">Gaussian defocus of the ink in pixels (0 for none).</param>
/// <param name="NoiseSigma">Gaussian noise added to a rendered image (gray levels; 0 for none).</param>
/// <param name="Ink">The gray level of the ink.</param>
/// <param name="Background">The gray level of the background of a rendered image.</param>
public readonly record struct SyntheticTextStyle(
    HersheyFonts Font,
    double Height,
    double Stroke,
    double RotationDeg,
    double Shear,
    double BlurSigma,
    double NoiseSigma,
    byte Ink,
    byte Background)
{
    /// <summary>Plain dark Simplex text, 24 pixels high, upright and clean, on a light background.</summary>
    public static SyntheticTextStyle Plain { get; } = new(HersheyFonts.HersheySimplex, 24, 2.5, 0, 0, 0, 0, 40, 210);
}

/// <summary>Ranges from which <see cref="SyntheticCharacters"/> draws random styles.</summary>
public sealed record SyntheticCharacterOptions
{
    /// <summary>Four upright Hershey faces, 18–30 px high, strokes 7–13 % of the height, ±4°, slant ±0.15, mild blur and noise.</summary>
    public static SyntheticCharacterOptions Default { get; } = new();

    /// <summary>The font faces drawn from with equal chance.</summary>
    public IReadOnlyList<HersheyFonts> Fonts { get; init; } =
        [HersheyFonts.HersheySimplex, HersheyFonts.HersheyDuplex, HersheyFonts.HersheyComplex, HersheyFonts.HersheyTriplex];

    /// <summary>The smallest character height in pixels.</summary>
    public double MinHeight { get; init; } = 18;

    /// <summary>The largest character height in pixels.</summary>
    public double MaxHeight { get; init; } = 30;

    /// <summary>The thinnest stroke as a fraction of the height.</summary>
    public double MinStrokeFraction { get; init; } = 0.07;

    /// <summary>The thickest stroke as a fraction of the height.</summary>
    public double MaxStrokeFraction { get; init; } = 0.13;

    /// <summary>The largest rotation either way in degrees.</summary>
    public double MaxRotationDeg { get; init; } = 4;

    /// <summary>The largest slant either way.</summary>
    public double MaxShear { get; init; } = 0.15;

    /// <summary>The largest defocus sigma in pixels.</summary>
    public double MaxBlurSigma { get; init; } = 1.0;

    /// <summary>The largest noise sigma in gray levels.</summary>
    public double MaxNoiseSigma { get; init; } = 6;

    /// <summary>The chance that a sample is light text on a dark background.</summary>
    public double LightOnDarkChance { get; init; }

    /// <summary>Draws a style from the ranges.</summary>
    public SyntheticTextStyle NextStyle(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Fonts.Count == 0)
        {
            ThrowHelper.ThrowInvalidOperation("At least one font face is needed.");
        }

        var font = Fonts[random.Next(Fonts.Count)];
        var height = Between(random, MinHeight, MaxHeight);
        var stroke = Math.Max(1, height * Between(random, MinStrokeFraction, MaxStrokeFraction));
        var rotation = Between(random, -MaxRotationDeg, MaxRotationDeg);
        var shear = Between(random, -MaxShear, MaxShear);
        var blur = Between(random, 0, MaxBlurSigma);
        var noise = Between(random, 0, MaxNoiseSigma);
        var dark = (byte)random.Next(10, 90);
        var light = (byte)random.Next(160, 245);
        return random.NextDouble() < LightOnDarkChance
            ? new SyntheticTextStyle(font, height, stroke, rotation, shear, blur, noise, light, dark)
            : new SyntheticTextStyle(font, height, stroke, rotation, shear, blur, noise, dark, light);
    }

    private static double Between(Random random, double low, double high) => low + (random.NextDouble() * (high - low));
}
