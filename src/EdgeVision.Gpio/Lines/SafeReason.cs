namespace EdgeVision.Gpio.Lines;

/// <summary>Why <see cref="SafeOutputs"/> put the outputs at their safe level.</summary>
public enum SafeReason
{
    /// <summary>A normal stop (dispose).</summary>
    Stop,

    /// <summary>The process is exiting.</summary>
    ProcessExit,

    /// <summary>An exception was not handled; the process is about to die.</summary>
    UnhandledException,

    /// <summary>SIGTERM (systemd stop, watchdog restart).</summary>
    Terminate,

    /// <summary>SIGINT (Ctrl+C).</summary>
    Interrupt,
}
