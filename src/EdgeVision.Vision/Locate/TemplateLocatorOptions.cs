namespace EdgeVision.Vision.Locate;

/// <summary>How a <see cref="TemplateLocator"/> is trained and how it searches.</summary>
public sealed record TemplateLocatorOptions
{
    /// <summary>Smallest template rotation searched, in degrees (image y down, positive clockwise on screen).</summary>
    public double AngleMinDeg { get; init; } = -180;

    /// <summary>Largest template rotation searched, in degrees; a range of 360° or more searches every rotation.</summary>
    public double AngleMaxDeg { get; init; } = 180;

    /// <summary>Matches scoring below this normalized correlation (0..1) are reported as not found.</summary>
    public double MinScore { get; init; } = 0.6;

    /// <summary>
    /// Pyramid levels above full resolution used for the coarse search (each halves the size); -1 picks the most
    /// that keep the template's short side at least <see cref="MinTopSize"/> pixels, at most 3.
    /// </summary>
    public int PyramidLevels { get; init; } = -1;

    /// <summary>The template's short side at the coarsest level when <see cref="PyramidLevels"/> is chosen automatically.</summary>
    public int MinTopSize { get; init; } = 16;

    /// <summary>How many distinct coarse candidates are refined; the best refined one is returned.</summary>
    public int Candidates { get; init; } = 4;

    /// <summary>Checks the options, throwing <see cref="ArgumentException"/> for values that cannot work.</summary>
    public void Validate()
    {
        if (!(AngleMaxDeg >= AngleMinDeg))
        {
            ThrowHelper.ThrowArgument("AngleMaxDeg must not be below AngleMinDeg.", nameof(AngleMaxDeg));
        }

        if (PyramidLevels is < -1 or > 5)
        {
            ThrowHelper.ThrowArgument("PyramidLevels must be -1 (automatic) or 0..5.", nameof(PyramidLevels));
        }

        if (MinTopSize < 8 || Candidates < 1)
        {
            ThrowHelper.ThrowArgument("MinTopSize must be at least 8 and Candidates at least 1.", nameof(MinTopSize));
        }
    }
}
