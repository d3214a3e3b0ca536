namespace EdgeVision.Mqtt.Commands;

/// <summary>
/// Whether and how the station accepts commands on <c>&lt;root&gt;/cmd/&lt;verb&gt;</c>. Commands change what a
/// production station does (trigger parts, switch recipes, disable cameras), so a site whose broker is open to
/// anyone can switch them off entirely or allow only some verbs.
/// </summary>
public sealed record CommandSettings
{
    /// <summary>
    /// Accept commands at all (default true). When false the <see cref="CommandProcessor"/> ignores every message:
    /// nothing is executed and nothing is replied, as if the station did not subscribe (and the service should not).
    /// </summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The verbs accepted, or null for all of <see cref="CommandVerbs.All"/>. A known verb outside this list gets a
    /// <see cref="CommandErrorCodes.VerbNotAllowed"/> reply naming the allowed ones.
    /// </summary>
    public IReadOnlySet<string>? AllowedVerbs { get; init; }

    /// <summary>
    /// Largest payload read, in bytes (default 64 KiB). A longer one is refused with
    /// <see cref="CommandErrorCodes.TooLarge"/> before any of it is decoded.
    /// </summary>
    public int MaxPayloadBytes { get; init; } = 64 * 1024;

    /// <summary>Checks the values; returns one message per problem (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxPayloadBytes < 16)
        {
            errors.Add($"commands.maxPayloadBytes must be at least 16, got {MaxPayloadBytes}");
        }

        if (AllowedVerbs is not null)
        {
            foreach (var verb in AllowedVerbs)
            {
                if (!CommandVerbs.IsKnown(verb))
                {
                    errors.Add($"commands.allowedVerbs: unknown verb '{verb}'; known verbs: {string.Join(", ", CommandVerbs.All)}");
                }
            }
        }

        return errors;
    }
}
