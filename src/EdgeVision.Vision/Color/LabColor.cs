namespace EdgeVision.Vision.Color;

/// <summary>A CIELAB colour (D65 white, 2° observer): lightness L* 0–100 and the opponent axes a* (green–red) and b* (blue–yellow).</summary>
/// <param name="L">Lightness L*, 0 (black) to 100 (white).</param>
/// <param name="A">a*: negative green, positive red.</param>
/// <param name="B">b*: negative blue, positive yellow.</param>
public readonly record struct Lab(double L, double A, double B);

/// <summary>
/// sRGB to CIELAB conversion in double precision and the colour differences ΔE*ab (1976) and ΔE00 (CIEDE2000).
/// OpenCV's 8-bit Lab output is rounded to whole units, too coarse for colour statistics, so the conversion is done here.
/// </summary>
public static class LabColor
{
    // D65 reference white (2° observer) in XYZ, Y = 1.
    private const double WhiteX = 0.95047;
    private const double WhiteZ = 1.08883;

    // f(t) of CIELAB: cube root above (6/29)³, a line below.
    private const double Epsilon = 216.0 / 24389.0;
    private const double Kappa = 24389.0 / 27.0;

    private const double Pow25To7 = 6103515625.0; // 25⁷
    private const double DegToRad = Math.PI / 180;

    /// <summary>Linear-light value (0–1) of each 8-bit sRGB code value: the sRGB transfer curve decoded once per process.</summary>
    internal static readonly double[] LinearFromSrgb8 = BuildLinearLut();

    /// <summary>Decodes one sRGB component (0–1) to linear light with the sRGB transfer curve.</summary>
    public static double SrgbToLinear(double encoded) =>
        encoded <= 0.04045 ? encoded / 12.92 : Math.Pow((encoded + 0.055) / 1.055, 2.4);

    /// <summary>The CIELAB colour of an 8-bit sRGB pixel given in OpenCV's B, G, R order.</summary>
    public static Lab FromBgr(byte blue, byte green, byte red)
    {
        var lut = LinearFromSrgb8;
        return FromLinearRgb(lut[red], lut[green], lut[blue]);
    }

    /// <summary>The CIELAB colour of linear-light sRGB components (0–1 each, sRGB primaries, D65 white).</summary>
    public static Lab FromLinearRgb(double red, double green, double blue)
    {
        // IEC 61966-2-1 matrix from linear sRGB to XYZ, white normalised per axis.
        var x = ((0.4124564 * red) + (0.3575761 * green) + (0.1804375 * blue)) / WhiteX;
        var y = (0.2126729 * red) + (0.7151522 * green) + (0.0721750 * blue);
        var z = ((0.0193339 * red) + (0.1191920 * green) + (0.9503041 * blue)) / WhiteZ;
        double fx = F(x), fy = F(y), fz = F(z);
        return new Lab((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    /// <summary>ΔE*ab (CIE 1976): the Euclidean distance between two colours in CIELAB.</summary>
    public static double DeltaE76(in Lab first, in Lab second)
    {
        double dl = first.L - second.L, da = first.A - second.A, db = first.B - second.B;
        return Math.Sqrt((dl * dl) + (da * da) + (db * db));
    }

    /// <summary>
    /// ΔE00 (CIEDE2000) with the parametric factors kL = kC = kH = 1, following the implementation notes of
    /// Sharma, Wu and Dalal (2005), including their hue conventions for achromatic colours.
    /// </summary>
    public static double DeltaE2000(in Lab first, in Lab second)
    {
        // Step 1: a* is stretched by (1 + G) so that near-neutral colours get more hue weight.
        var meanChromaAb = (Math.Sqrt((first.A * first.A) + (first.B * first.B)) + Math.Sqrt((second.A * second.A) + (second.B * second.B))) / 2;
        var meanChromaAb7 = Pow7(meanChromaAb);
        var g = 0.5 * (1 - Math.Sqrt(meanChromaAb7 / (meanChromaAb7 + Pow25To7)));
        double a1 = (1 + g) * first.A, a2 = (1 + g) * second.A;
        double c1 = Math.Sqrt((a1 * a1) + (first.B * first.B)), c2 = Math.Sqrt((a2 * a2) + (second.B * second.B));
        var h1 = HueDegrees(first.B, a1);
        var h2 = HueDegrees(second.B, a2);

        // Step 2: differences in lightness, chroma and hue; the hue difference is zero when either colour is neutral.
        var dL = second.L - first.L;
        var dC = c2 - c1;
        var chromaProduct = c1 * c2;
        double dh = 0;
        if (chromaProduct != 0)
        {
            dh = h2 - h1;
            if (dh > 180)
            {
                dh -= 360;
            }
            else if (dh < -180)
            {
                dh += 360;
            }
        }

        var dH = 2 * Math.Sqrt(chromaProduct) * Math.Sin(dh * DegToRad / 2);

        // Step 3: weights from the means of the pair.
        var meanL = (first.L + second.L) / 2;
        var meanC = (c1 + c2) / 2;
        var meanH = h1 + h2;
        if (chromaProduct != 0)
        {
            if (Math.Abs(h1 - h2) > 180)
            {
                meanH += meanH < 360 ? 360 : -360;
            }

            meanH /= 2;
        }

        var t = 1
            - (0.17 * Math.Cos((meanH - 30) * DegToRad))
            + (0.24 * Math.Cos(2 * meanH * DegToRad))
            + (0.32 * Math.Cos(((3 * meanH) + 6) * DegToRad))
            - (0.20 * Math.Cos(((4 * meanH) - 63) * DegToRad));
        var hueOffset = (meanH - 275) / 25;
        var dTheta = 30 * Math.Exp(-(hueOffset * hueOffset));
        var meanC7 = Pow7(meanC);
        var rC = 2 * Math.Sqrt(meanC7 / (meanC7 + Pow25To7));
        var l50 = (meanL - 50) * (meanL - 50);
        var sL = 1 + (0.015 * l50 / Math.Sqrt(20 + l50));
        var sC = 1 + (0.045 * meanC);
        var sH = 1 + (0.015 * meanC * t);
        var rT = -Math.Sin(2 * dTheta * DegToRad) * rC;

        double termL = dL / sL, termC = dC / sC, termH = dH / sH;
        return Math.Sqrt((termL * termL) + (termC * termC) + (termH * termH) + (rT * termC * termH));
    }

    private static double HueDegrees(double b, double aPrime)
    {
        if (b == 0 && aPrime == 0)
        {
            return 0;
        }

        var h = Math.Atan2(b, aPrime) / DegToRad;
        return h < 0 ? h + 360 : h;
    }

    private static double Pow7(double x)
    {
        var x2 = x * x;
        return x2 * x2 * x2 * x;
    }

    private static double F(double t) => t > Epsilon ? Math.Cbrt(t) : ((Kappa * t) + 16) / 116;

    private static double[] BuildLinearLut()
    {
        var lut = new double[256];
        for (var i = 0; i < 256; i++)
        {
            lut[i] = SrgbToLinear(i / 255.0);
        }

        return lut;
    }
}
