using System.Globalization;

namespace EdgeVision.Gpio.Lines;

/// <summary>Turns the ways a gpiochip may be named in configuration into its number.</summary>
/// <remarks>
/// Accepted: "/dev/gpiochipN", "gpiochipN", "N", or a chip label (e.g. "pinctrl-rp1"), which is looked up in the
/// <c>label</c> files of the gpiochips under /sys/bus/gpio/devices.
/// </remarks>
public static class GpioChipName
{
    /// <summary>The folder whose gpiochipN subfolders carry a <c>label</c> file on Linux.</summary>
    public const string SysfsDevices = "/sys/bus/gpio/devices";

    /// <summary>Reads a chip number from "/dev/gpiochipN", "gpiochipN" or "N"; false for anything else (such as a label).</summary>
    /// <param name="chip">The configured chip.</param>
    /// <param name="number">The chip number when the text names one.</param>
    public static bool TryParseNumber(string chip, out int number)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ReadOnlySpan<char> text = chip.AsSpan().Trim();
        if (text.StartsWith("/dev/", StringComparison.Ordinal))
        {
            text = text[5..];
            if (!text.StartsWith("gpiochip", StringComparison.Ordinal))
            {
                number = -1;
                return false;
            }
        }

        if (text.StartsWith("gpiochip", StringComparison.Ordinal))
        {
            text = text[8..];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number <= 1023;
    }

    /// <summary>Resolves a configured chip to its number, looking labels up under <paramref name="devicesFolder"/>.</summary>
    /// <param name="chip">The configured chip.</param>
    /// <param name="devicesFolder">Where the gpiochipN folders are; <see cref="SysfsDevices"/> on Linux.</param>
    /// <exception cref="ArgumentException">No chip has that number form or label.</exception>
    public static int Resolve(string chip, string devicesFolder = SysfsDevices)
    {
        if (TryParseNumber(chip, out int number))
        {
            return number;
        }

        if (Directory.Exists(devicesFolder))
        {
            foreach (string folder in Directory.EnumerateDirectories(devicesFolder, "gpiochip*"))
            {
                string label = Path.Combine(folder, "label");
                if (File.Exists(label)
                    && string.Equals(File.ReadAllText(label).Trim(), chip.Trim(), StringComparison.Ordinal)
                    && TryParseNumber(Path.GetFileName(folder), out number))
                {
                    return number;
                }
            }
        }

        throw new ArgumentException($"No gpiochip is named or labelled '{chip}' (looked in {devicesFolder}).", nameof(chip));
    }
}
