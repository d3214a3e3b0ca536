namespace EdgeVision.Gpio.Tests;

/// <summary>A fact that needs a machine without GPIO hardware; skipped (and said so) where a gpiochip exists.</summary>
internal sealed class FactWithoutGpioHardwareAttribute : FactAttribute
{
    public FactWithoutGpioHardwareAttribute() => Skip = NoGpioHardware.SkipReason;
}

/// <summary>A theory that needs a machine without GPIO hardware; skipped (and said so) where a gpiochip exists.</summary>
internal sealed class TheoryWithoutGpioHardwareAttribute : TheoryAttribute
{
    public TheoryWithoutGpioHardwareAttribute() => Skip = NoGpioHardware.SkipReason;
}

internal static class NoGpioHardware
{
    /// <summary>Gets why a test that needs a machine without GPIO cannot run here, or null when it can.</summary>
    public static string? SkipReason { get; } =
        Directory.Exists("/sys/class/gpio") || (Directory.Exists("/dev") && Directory.EnumerateFiles("/dev", "gpiochip*").Any())
            ? "This machine has GPIO hardware; the test checks what happens without it."
            : null;
}
