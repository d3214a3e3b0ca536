namespace EdgeVision.Vision.Ocr;

/// <summary>Which way round the text's contrast is.</summary>
public enum TextPolarity
{
    /// <summary>Decide per image: the ink is whichever side of the threshold holds fewer pixels.</summary>
    Auto,

    /// <summary>Dark text on a light background.</summary>
    DarkOnLight,

    /// <summary>Light text on a dark background.</summary>
    LightOnDark,
}

/// <summary>Settings of <see cref="CharacterSegmenter"/>: threshold, polarity and which components count as characters.</summary>
public sealed record CharacterSegmenterOptions
{
    /// <summary>The defaults: automatic polarity, Otsu threshold, specks under 6 pixels dropped, border components kept.</summary>
    public static CharacterSegmenterOptions Default { get; } = new();

    /// <summary>Which way round the contrast is.</summary>
    public TextPolarity Polarity { get; init; } = TextPolarity.Auto;

    /// <summary>A fixed gray threshold, or null to choose one per image with Otsu's method.</summary>
    public double? FixedThreshold { get; init; }

    /// <summary>Components of fewer pixels than this are specks and are dropped.</summary>
    public int MinArea { get; init; } = 6;

    /// <summary>Drop components that touch the patch border (cut-off neighbours, edges of the part).</summary>
    public bool DropBorderTouching { get; init; }

    /// <summary>
    /// Two components belong to one character when their column ranges overlap by at least this fraction of the
    /// narrower one's width (the dot over an i, the pieces of a broken stroke). Neighbouring characters of slightly
    /// turned text overlap by a pixel or two and stay apart.
    /// </summary>
    public double MergeOverlap { get; init; } = 0.5;

    /// <summary>
    /// A character wider than this many times its height is taken for touching neighbours and cut at its thinnest
    /// column (repeatedly); +∞ turns cutting off. The widest capitals (W, M) stay below about 1.2.
    /// </summary>
    public double SplitAspect { get; init; } = 1.35;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (FixedThreshold is { } t && (t < 0 || t > 255))
        {
            ThrowHelper.ThrowArgument($"The fixed threshold must be within 0..255, not {t}.", nameof(FixedThreshold));
        }

        if (MinArea < 1)
        {
            ThrowHelper.ThrowArgument($"The minimum area must be at least 1 pixel, not {MinArea}.", nameof(MinArea));
        }

        if (MergeOverlap is <= 0 or > 1)
        {
            ThrowHelper.ThrowArgument($"The merge overlap must be within (0, 1], not {MergeOverlap}.", nameof(MergeOverlap));
        }

        if (!(SplitAspect >= 1))
        {
            ThrowHelper.ThrowArgument($"The split aspect must be at least 1, not {SplitAspect}.", nameof(SplitAspect));
        }
    }
}
