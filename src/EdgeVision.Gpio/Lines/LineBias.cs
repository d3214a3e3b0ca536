namespace EdgeVision.Gpio.Lines;

/// <summary>The internal resistor of an input line.</summary>
public enum LineBias
{
    /// <summary>No pull resistor: the line floats unless something drives it.</summary>
    None,

    /// <summary>Pulled up to High (an open-collector sensor pulls it Low when it fires).</summary>
    PullUp,

    /// <summary>Pulled down to Low.</summary>
    PullDown,
}
