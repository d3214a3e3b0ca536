namespace EdgeVision.Gpio.Signals;

/// <summary>How the tower light blinks and when rejects in a row become an alarm.</summary>
public sealed record TowerLightOptions
{
    /// <summary>Gets the full blink period (on plus off); the lamp toggles every half period.</summary>
    public TimeSpan BlinkPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets how many rejects in a row raise <see cref="TowerCondition.ConsecutiveRejects"/>; 0 disables the rule.</summary>
    public int ConsecutiveRejects { get; init; } = 5;

    /// <summary>Gets the conditions whose lamp blinks rather than staying steady (by default every alarm).</summary>
    public TowerCondition Blinking { get; init; } = TowerCondition.Alarms;
}
