using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using System.Text;

namespace EdgeVision.Gpio;

/// <summary>Creates the GPIO driver named in the configuration and says which one it is.</summary>
public static class GpioDriverFactory
{
    /// <summary>
    /// Creates a driver of the given kind for one gpiochip; every failed attempt is reported, none is skipped silently.
    /// </summary>
    /// <param name="kind">The driver to create; <see cref="GpioDriverKind.Auto"/> tries libgpiod v2, libgpiod v1 and sysfs in order.</param>
    /// <param name="chip">The gpiochip number (/dev/gpiochipN); the simulation ignores it.</param>
    /// <param name="time">Clock for the simulation's timestamps; <see cref="TimeProvider.System"/> when null. Real drivers ignore it.</param>
    /// <param name="description">Which driver was chosen and, for a fallback, why the earlier ones were not, for the log.</param>
    /// <returns>The driver; the caller owns it (usually by handing it to a <see cref="GpioController"/>).</returns>
    /// <exception cref="PlatformNotSupportedException">No attempt worked; the message lists what each attempt said.</exception>
    public static GpioDriver Create(GpioDriverKind kind, int chip, TimeProvider? time, out string description)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chip);
        if (kind == GpioDriverKind.Simulated)
        {
            var simulated = new SimulatedGpioDriver(timeProvider: time);
            description = string.Create(
                CultureInfo.InvariantCulture,
                $"simulated ({nameof(SimulatedGpioDriver)}, {SimulatedGpioDriver.DefaultPinCount} lines, {simulated.TransitionCapacity} transitions kept)");
            return simulated;
        }

        Attempt[] attempts = kind switch
        {
            GpioDriverKind.Libgpiod => [LibgpiodV2(chip), LibgpiodV1(chip)],
            GpioDriverKind.LibgpiodV1 => [LibgpiodV1(chip)],
            GpioDriverKind.LibgpiodV2 => [LibgpiodV2(chip)],
            GpioDriverKind.Sysfs => [Sysfs(chip)],
            GpioDriverKind.Auto => [LibgpiodV2(chip), LibgpiodV1(chip), Sysfs(chip)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown GPIO driver kind."),
        };

        return CreateFirstWorking(kind, attempts, out description);
    }

    private static GpioDriver CreateFirstWorking(GpioDriverKind kind, Attempt[] attempts, out string description)
    {
        var failures = new List<Exception>(attempts.Length);
        var said = new StringBuilder();
        foreach (Attempt attempt in attempts)
        {
            try
            {
                GpioDriver driver = attempt.Create();
                description = failures.Count == 0
                    ? attempt.Name
                    : $"{attempt.Name}, chosen by {kind} after{said}";
                return driver;
            }
            catch (Exception ex)
            {
                // Any failure (missing library, missing chip, permissions) means "try the next one"; each is reported.
                failures.Add(ex);
                said.Append(CultureInfo.InvariantCulture, $" [{attempt.Name}: {Summarize(ex)}]");
            }
        }

        throw new PlatformNotSupportedException(
            $"No GPIO driver could be opened for {kind}; tried{said}",
            new AggregateException(failures));
    }

    /// <summary>The exception's type and first message line, then those of its inner exceptions (a missing library hides there).</summary>
    private static string Summarize(Exception ex)
    {
        var text = new StringBuilder();
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" <- ");
            }

            string message = current.Message;
            int newline = message.IndexOfAny(['\r', '\n']);
            text.Append(current.GetType().Name).Append(": ").Append(newline < 0 ? message : message[..newline]);
        }

        return text.ToString();
    }

    private static Attempt LibgpiodV2(int chip) =>
        new($"libgpiod v2 ({nameof(LibGpiodV2Driver)}, gpiochip{chip})", () => new LibGpiodV2Driver(chip));

    private static Attempt LibgpiodV1(int chip) =>
        new($"libgpiod v1 ({nameof(LibGpiodDriver)}, gpiochip{chip})", () => new LibGpiodDriver(chip));

    // SysFsDriver uses only the chip's Id from GpioChipInfo; the other fields are for display.
    private static Attempt Sysfs(int chip) =>
        new($"sysfs ({nameof(SysFsDriver)}, gpiochip{chip})", () => new SysFsDriver(new GpioChipInfo(chip, $"gpiochip{chip}", string.Empty, 0)));

    private readonly record struct Attempt(string Name, Func<GpioDriver> Create);
}
