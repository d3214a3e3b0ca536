namespace EdgeVision.Gpio.Lines;

/// <summary>Whether a named line is read or driven.</summary>
public enum LineDirection
{
    /// <summary>The line is read (sensor, encoder, PLC signal).</summary>
    Input,

    /// <summary>The line is driven (gate, lamp, handshake signal).</summary>
    Output,
}
