namespace EdgeVision.Inspection.Settings;

/// <summary>What a reader asked of one key: its JSON type (<c>any</c> when only its presence was checked), default, range, allowed values and whether it is required.</summary>
public sealed record SchemaKey(string Type, object? Default, double Min = double.MinValue, double Max = double.MaxValue)
{
    /// <summary>Allowed string values, when the key is a choice.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>Item type of an array key.</summary>
    public string? Items { get; init; }

    /// <summary>Exact length of a number array (0: any).</summary>
    public int Length { get; init; }

    /// <summary>True when the key must be present.</summary>
    public bool Required { get; init; }

    /// <summary>A named shape this key follows (e.g. <c>tolerance</c>), written as a reference.</summary>
    public string? Shape { get; init; }
}

/// <summary>
/// Collects, per object path, every key the strict readers asked for while parsing. Parsing a sample of every
/// recipe shape with a recorder attached yields the recipe's JSON Schema straight from the code that validates it.
/// </summary>
public sealed class SchemaRecorder
{
    private readonly Dictionary<string, Dictionary<string, SchemaKey>> _objects = new(StringComparer.Ordinal);

    /// <summary>The keys recorded for each object path, in the order first asked for.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, SchemaKey>> Objects => _objects;

    /// <summary>Records that key <paramref name="key"/> of the object at <paramref name="path"/> was read as <paramref name="info"/>.</summary>
    public void Record(string path, string key, SchemaKey info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (!_objects.TryGetValue(path, out var keys))
        {
            keys = [];
            _objects.Add(path, keys);
        }

        // A presence check ("any") only adds a key; a later, more specific description (a type, a named shape, a
        // required flag) wins over an earlier generic one.
        if (keys.TryGetValue(key, out var existing) && info.Type == "any")
        {
            return;
        }

        if (!keys.TryGetValue(key, out var known) || known.Type == "any" || info.Shape is not null || (info.Required && !known.Required) || known.Type == "object" && info.Type != "object")
        {
            keys[key] = known is { Shape: not null } ? known : info;
        }
    }

    /// <summary>The keys of the object at <paramref name="path"/> (empty when none were read).</summary>
    public IReadOnlyDictionary<string, SchemaKey> KeysOf(string path) =>
        _objects.TryGetValue(path, out var keys) ? keys : new Dictionary<string, SchemaKey>();
}
