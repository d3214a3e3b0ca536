using System.Globalization;

namespace EdgeVision.Gpio.Lines;

/// <summary>The names a line may have, and the direction each name implies.</summary>
public static class WellKnownLines
{
    /// <summary>Output: pulses the reject gate.</summary>
    public const string Reject = "reject";

    /// <summary>Output: pulses or levels the pass signal (also the verdict level of the handshake).</summary>
    public const string Pass = "pass";

    /// <summary>Output: mirrors the red lamp (horn, PLC alarm input).</summary>
    public const string Alarm = "alarm";

    /// <summary>Output: red tower lamp.</summary>
    public const string Red = "red";

    /// <summary>Output: yellow tower lamp.</summary>
    public const string Yellow = "yellow";

    /// <summary>Output: green tower lamp.</summary>
    public const string Green = "green";

    /// <summary>Output: handshake, high while triggers are accepted.</summary>
    public const string Ready = "ready";

    /// <summary>Output: handshake, high from trigger to result.</summary>
    public const string Busy = "busy";

    /// <summary>Output: handshake, pulse telling the PLC the pass level is valid.</summary>
    public const string ResultValid = "result-valid";

    /// <summary>Output: illumination strobe.</summary>
    public const string Strobe = "strobe";

    /// <summary>Input: part-present sensor.</summary>
    public const string Trigger = "trigger";

    /// <summary>Input: encoder channel A.</summary>
    public const string EncoderA = "encoder-a";

    /// <summary>Input: encoder channel B.</summary>
    public const string EncoderB = "encoder-b";

    /// <summary>Input: the PLC enables inspection.</summary>
    public const string Enable = "enable";

    /// <summary>Input: resets alarms.</summary>
    public const string Reset = "reset";

    /// <summary>Input: latches the recipe-select code.</summary>
    public const string RecipeStrobe = "recipe-strobe";

    /// <summary>The prefix of the recipe-select code inputs, followed by the bit number (recipe-bit0 is the least significant).</summary>
    public const string RecipeBitPrefix = "recipe-bit";

    /// <summary>How many recipe-select bits may be configured (recipe-bit0 to recipe-bit15).</summary>
    public const int MaxRecipeBits = 16;

    private static readonly string[] OutputNames = [Reject, Pass, Alarm, Red, Yellow, Green, Ready, Busy, ResultValid, Strobe];

    private static readonly string[] InputNames = [Trigger, EncoderA, EncoderB, Enable, Reset, RecipeStrobe];

    /// <summary>Gets the known names for messages, e.g. "reject, pass, …, recipe-bit0…recipe-bit15".</summary>
    public static string Description { get; } =
        string.Join(", ", OutputNames) + ", " + string.Join(", ", InputNames) + ", "
        + RecipeBitPrefix + "0…" + RecipeBitPrefix + (MaxRecipeBits - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the direction a known name implies; false for an unknown name.</summary>
    /// <param name="name">The line name.</param>
    /// <param name="direction">The direction of the line when the name is known.</param>
    public static bool TryGetDirection(string name, out LineDirection direction)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Array.IndexOf(OutputNames, name) >= 0)
        {
            direction = LineDirection.Output;
            return true;
        }

        direction = LineDirection.Input;
        return Array.IndexOf(InputNames, name) >= 0 || RecipeBit(name) >= 0;
    }

    /// <summary>Gets the recipe-select bit number a name stands for, or -1 when it is not a recipe bit.</summary>
    /// <param name="name">The line name, e.g. "recipe-bit3".</param>
    public static int RecipeBit(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith(RecipeBitPrefix, StringComparison.Ordinal))
        {
            return -1;
        }

        ReadOnlySpan<char> digits = name.AsSpan(RecipeBitPrefix.Length);
        bool canonical = digits.Length is 1 or 2 && (digits.Length == 1 || digits[0] != '0');
        return canonical && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int bit) && bit < MaxRecipeBits
            ? bit
            : -1;
    }

    /// <summary>Gets the name of one recipe-select bit.</summary>
    /// <param name="bit">The bit number, 0 to <see cref="MaxRecipeBits"/> - 1.</param>
    public static string RecipeBitName(int bit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bit, MaxRecipeBits);
        return RecipeBitPrefix + bit.ToString(CultureInfo.InvariantCulture);
    }
}
