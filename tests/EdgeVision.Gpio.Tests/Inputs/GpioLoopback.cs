using System.Globalization;

namespace EdgeVision.Gpio.Tests.Inputs;

/// <summary>
/// A fact that needs loopback wires on a real gpiochip, each an output wired to an input of the same chip, named by
/// EDGEVISION_GPIO_LOOPBACK (and EDGEVISION_GPIO_LOOPBACK2 for a second wire) as "chip,output,input"; skipped otherwise,
/// with a reason that names the variables to set.
/// </summary>
internal sealed class FactWithGpioLoopbackAttribute : FactAttribute
{
    /// <summary>Needs <paramref name="wires"/> loopback wires (1 or 2).</summary>
    public FactWithGpioLoopbackAttribute(int wires = 1)
    {
        string needs = wires == 1
            ? $"{GpioLoopback.Variable}=chip,output,input naming an output wired to an input"
            : $"{GpioLoopback.Variable}=chip,outputA,inputA and {GpioLoopback.SecondVariable}=chip,outputB,inputB naming two output-to-input wires on one chip";
        bool hasChip = Directory.Exists("/dev") && Directory.EnumerateFiles("/dev", "gpiochip*").Any();
        Skip = !hasChip ? $"No /dev/gpiochip* on this machine; on one with GPIO, set {needs}."
            : GpioLoopback.Problem(wires) is { } problem ? $"{problem}; set {needs}."
            : null;
    }
}

/// <summary>The loopback wires of the hardware tests, from the environment.</summary>
internal static class GpioLoopback
{
    public const string Variable = "EDGEVISION_GPIO_LOOPBACK";
    public const string SecondVariable = "EDGEVISION_GPIO_LOOPBACK2";

    /// <summary>The first wire, or null when its variable is not set as chip,output,input.</summary>
    public static (int Chip, int Output, int Input)? Read() => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The second wire, or null when its variable is not set as chip,output,input.</summary>
    public static (int Chip, int Output, int Input)? ReadSecond() => Parse(Environment.GetEnvironmentVariable(SecondVariable));

    /// <summary>Why the wires a test needs are not described, or null when they are.</summary>
    public static string? Problem(int wires)
    {
        string? first = Environment.GetEnvironmentVariable(Variable);
        if (Parse(first) is not { } a)
        {
            return first is null ? $"{Variable} is not set" : $"{Variable}='{first}' is not chip,output,input";
        }

        if (wires < 2)
        {
            return null;
        }

        string? second = Environment.GetEnvironmentVariable(SecondVariable);
        if (Parse(second) is not { } b)
        {
            return second is null ? $"{SecondVariable} is not set" : $"{SecondVariable}='{second}' is not chip,output,input";
        }

        return a.Chip != b.Chip ? $"{Variable} and {SecondVariable} name different chips ({a.Chip}, {b.Chip})"
            : new[] { a.Output, a.Input, b.Output, b.Input }.Distinct().Count() < 4 ? $"{Variable} and {SecondVariable} share a line"
            : null;
    }

    private static (int Chip, int Output, int Input)? Parse(string? text)
    {
        string[]? parts = text?.Split(',');
        return parts is { Length: 3 }
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int chip)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int output)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out int input)
            ? (chip, output, input)
            : null;
    }
}
