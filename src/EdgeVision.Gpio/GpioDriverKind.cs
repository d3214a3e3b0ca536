namespace EdgeVision.Gpio;

/// <summary>Which GPIO driver <see cref="GpioDriverFactory"/> creates.</summary>
public enum GpioDriverKind
{
    /// <summary>The in-process <see cref="SimulatedGpioDriver"/>, for tests, replay and machines without GPIO.</summary>
    Simulated,

    /// <summary>Whichever libgpiod is installed: the v2 ABI (libgpiod.so.3) first, then v1 (libgpiod.so.2).</summary>
    Libgpiod,

    /// <summary>libgpiod v1 (libgpiod.so.2) through System.Device.Gpio's <c>LibGpiodDriver</c>.</summary>
    LibgpiodV1,

    /// <summary>The libgpiod v2 ABI (libgpiod.so.3) through System.Device.Gpio's <c>LibGpiodV2Driver</c>.</summary>
    LibgpiodV2,

    /// <summary>The deprecated /sys/class/gpio interface through System.Device.Gpio's <c>SysFsDriver</c>.</summary>
    Sysfs,

    /// <summary>The first of libgpiod v2, libgpiod v1 and sysfs that opens the chip; never the simulation.</summary>
    Auto,
}
