namespace EdgeVision.Gpio.Signals;

/// <summary>The lamp the tower light shows; one at a time, by priority red, yellow, green.</summary>
public enum TowerLamp
{
    /// <summary>All lamps off (not running, nothing to report).</summary>
    Off,

    /// <summary>Green: running normally.</summary>
    Green,

    /// <summary>Yellow: at least one warning.</summary>
    Yellow,

    /// <summary>Red: at least one alarm.</summary>
    Red,
}
