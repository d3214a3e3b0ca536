namespace EdgeVision.Vision.Ocr;

/// <summary>Settings of <see cref="CharacterReader"/>: segmentation, acceptance bounds and capacity.</summary>
public sealed record CharacterReaderOptions
{
    /// <summary>Default segmentation, at least half the votes, no distance bound, '?' for rejects, up to 64 characters.</summary>
    public static CharacterReaderOptions Default { get; } = new();

    /// <summary>How the patch is cut into characters.</summary>
    public CharacterSegmenterOptions Segmenter { get; init; } = CharacterSegmenterOptions.Default;

    /// <summary>A character needs at least this fraction of the k votes (0..1).</summary>
    public float MinConfidence { get; init; } = 0.5f;

    /// <summary>A character whose nearest sample of its label is farther than this in feature space is rejected.</summary>
    public float MaxDistance { get; init; } = float.PositiveInfinity;

    /// <summary>Written into the text in place of a rejected character.</summary>
    public char RejectCharacter { get; init; } = '?';

    /// <summary>The most characters one read handles (the size of the reader's own buffers).</summary>
    public int MaxCharacters { get; init; } = 64;

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Segmenter);
        Segmenter.Validate();
        if (MinConfidence is < 0 or > 1 || float.IsNaN(MinConfidence))
        {
            ThrowHelper.ThrowArgument($"The minimum confidence must be within 0..1, not {MinConfidence}.", nameof(MinConfidence));
        }

        if (!(MaxDistance > 0))
        {
            ThrowHelper.ThrowArgument($"The maximum distance must be positive, not {MaxDistance}.", nameof(MaxDistance));
        }

        if (MaxCharacters is < 1 or > 4096)
        {
            ThrowHelper.ThrowArgument($"The character capacity must be within 1..4096, not {MaxCharacters}.", nameof(MaxCharacters));
        }
    }
}
