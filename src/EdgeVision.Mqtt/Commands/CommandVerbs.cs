namespace EdgeVision.Mqtt.Commands;

/// <summary>The command verbs, the last level of <c>&lt;root&gt;/cmd/&lt;verb&gt;</c>.</summary>
public static class CommandVerbs
{
    /// <summary>Triggers a part (optional <c>camera</c>).</summary>
    public const string Trigger = "trigger";

    /// <summary>Switches to a recipe by name (required <c>recipe</c>, optional <c>camera</c>).</summary>
    public const string Recipe = "recipe";

    /// <summary>Enables the station or one camera (optional <c>camera</c>).</summary>
    public const string Enable = "enable";

    /// <summary>Disables the station or one camera (optional <c>camera</c>).</summary>
    public const string Disable = "disable";

    /// <summary>Zeroes the production counters (optional <c>camera</c>).</summary>
    public const string ResetCounters = "reset-counters";

    /// <summary>Reloads the recipe file in use (optional <c>camera</c>).</summary>
    public const string Reload = "reload";

    /// <summary>Every verb, in the order they are listed in error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [Trigger, Recipe, Enable, Disable, ResetCounters, Reload];

    /// <summary>True when <paramref name="verb"/> is one of <see cref="All"/> (case-sensitive, as MQTT topics are).</summary>
    public static bool IsKnown(string verb)
    {
        foreach (var known in All)
        {
            if (string.Equals(known, verb, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
