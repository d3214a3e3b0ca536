namespace EdgeVision.Gpio.Inputs;

/// <summary>Which edges of an input count as its active edge.</summary>
[Flags]
public enum EdgePolarity
{
    /// <summary>Changes to High.</summary>
    Rising = 1,

    /// <summary>Changes to Low.</summary>
    Falling = 2,

    /// <summary>Every change.</summary>
    Both = Rising | Falling,
}
