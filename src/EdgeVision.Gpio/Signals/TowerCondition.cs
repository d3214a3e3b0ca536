namespace EdgeVision.Gpio.Signals;

/// <summary>What the tower light shows: the station's running state, its warnings (yellow) and its alarms (red).</summary>
[Flags]
public enum TowerCondition
{
    /// <summary>Nothing: all lamps off.</summary>
    None = 0,

    /// <summary>The station inspects normally (green when nothing else is on).</summary>
    Running = 1,

    /// <summary>Warning: a camera delivers no frames.</summary>
    CameraLost = 1 << 1,

    /// <summary>Warning: the MQTT broker is not reachable.</summary>
    BrokerDown = 1 << 2,

    /// <summary>Warning: the processing backlog is over its limit.</summary>
    Backlog = 1 << 3,

    /// <summary>Alarm (latched until reset): the configured number of parts in a row were rejected.</summary>
    ConsecutiveRejects = 1 << 4,

    /// <summary>Alarm (latched until reset): a decision came too late and the fail-safe applied.</summary>
    LateDecision = 1 << 5,

    /// <summary>Alarm (latched until reset): raised explicitly (operator, MQTT command).</summary>
    Alarm = 1 << 6,

    /// <summary>Every warning (yellow).</summary>
    Warnings = CameraLost | BrokerDown | Backlog,

    /// <summary>Every alarm (red).</summary>
    Alarms = ConsecutiveRejects | LateDecision | Alarm,
}
