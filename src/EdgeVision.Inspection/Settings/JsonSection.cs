using System.Globalization;
using System.Text.Json;

namespace EdgeVision.Inspection.Settings;

/// <summary>
/// Strict reader of one JSON object in a settings file: each accessor reads a key, checks its type and range, and
/// records a problem with the key's full path instead of throwing, so one pass reports every mistake.
/// <see cref="RejectUnknownKeys"/> then flags every key nobody asked for (usually a typo).
/// </summary>
public sealed class JsonSection
{
    private readonly JsonElement _element;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="element"/>, found at <paramref name="path"/>, recording problems in <paramref name="errors"/>.</summary>
    public JsonSection(JsonElement element, string path, SettingsErrors errors)
    {
        _element = element;
        Path = path;
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
        IsObject = element.ValueKind == JsonValueKind.Object;
        if (!IsObject)
        {
            errors.Add(path, $"expected an object, got {Describe(element)}");
        }
    }

    /// <summary>Key path of this object, e.g. <c>camera.synthetic</c>.</summary>
    public string Path { get; }

    /// <summary>Where problems go.</summary>
    public SettingsErrors Errors { get; }

    /// <summary>False when the value was not a JSON object (already reported).</summary>
    public bool IsObject { get; }

    /// <summary>Full path of a key of this object.</summary>
    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>True when the key is present (and not null).</summary>
    public bool Has(string key)
    {
        _known.Add(key);
        Errors.Recorder?.Record(Path, key, new SchemaKey("any", null));
        return IsObject && _element.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null;
    }

    /// <summary>True when the key is present, without counting it as known (for keys a reader refuses).</summary>
    public bool Contains(string key) => IsObject && _element.TryGetProperty(key, out _);

    /// <summary>Counts <paramref name="key"/> as known, so <see cref="RejectUnknownKeys"/> leaves it to a more specific error.</summary>
    public void Accept(string key) => _known.Add(key);

    /// <summary>Reads a number in [<paramref name="min"/>, <paramref name="max"/>], or the default when absent.</summary>
    public double Number(string key, double defaultValue, double min = double.MinValue, double max = double.MaxValue)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("number", defaultValue, min, max));
        if (!TryGet(key, out var v))
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d))
        {
            Errors.Add(PathOf(key), $"expected a number, got {Describe(v)}");
            return defaultValue;
        }

        return InRange(key, d, min, max) ? d : defaultValue;
    }

    /// <summary>Reads a whole number in [<paramref name="min"/>, <paramref name="max"/>], or the default when absent.</summary>
    public int WholeNumber(string key, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("integer", defaultValue, min, max));
        if (!TryGet(key, out var v))
        {
            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            Errors.Add(PathOf(key), $"expected a whole number, got {Describe(v)}");
            return defaultValue;
        }

        return InRange(key, i, min, max) ? i : defaultValue;
    }

    /// <summary>Reads true/false, or the default when absent.</summary>
    public bool Bool(string key, bool defaultValue)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("boolean", defaultValue));
        if (!TryGet(key, out var v))
        {
            return defaultValue;
        }

        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Errors.Add(PathOf(key), $"expected true or false, got {Describe(v)}");
            return defaultValue;
        }

        return v.GetBoolean();
    }

    /// <summary>Reads a string; a missing required key is an error.</summary>
    public string? Text(string key, string? defaultValue, bool required = false)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("string", defaultValue) { Required = required });
        if (!TryGet(key, out var v))
        {
            if (required)
            {
                Errors.Add(PathOf(key), "is required");
            }

            return defaultValue;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            Errors.Add(PathOf(key), $"expected a string, got {Describe(v)}");
            return defaultValue;
        }

        var s = v.GetString()!;
        if (required && s.Length == 0)
        {
            Errors.Add(PathOf(key), "must not be empty");
        }

        return s;
    }

    /// <summary>Reads a string that must be one of <paramref name="allowed"/> (case-insensitive), returned as listed.</summary>
    public string Choice(string key, string defaultValue, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        Errors.Recorder?.Record(Path, key, new SchemaKey("string", defaultValue) { Enum = allowed });
        var s = Text(key, null);
        if (s is null)
        {
            return defaultValue;
        }

        foreach (var a in allowed)
        {
            if (string.Equals(a, s, StringComparison.OrdinalIgnoreCase))
            {
                return a;
            }
        }

        Errors.Add(PathOf(key), $"'{s}' is not one of: {string.Join(", ", allowed)}");
        return defaultValue;
    }

    /// <summary>Reads an array of exactly <paramref name="length"/> numbers, or null when absent or wrong.</summary>
    public double[]? Numbers(string key, int length)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("array", null) { Items = "number", Length = length });
        if (!TryGet(key, out var v))
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != length)
        {
            Errors.Add(PathOf(key), $"expected an array of {length} numbers, got {Describe(v)}");
            return null;
        }

        var result = new double[length];
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                Errors.Add($"{PathOf(key)}[{i}]", $"expected a number, got {Describe(item)}");
                return null;
            }

            result[i++] = item.GetDouble();
        }

        return result;
    }

    /// <summary>Reads an array of strings (a single string counts as an array of one); empty when absent.</summary>
    public IReadOnlyList<string> Strings(string key, bool required = false)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("array", null) { Items = "string", Required = required });
        if (!TryGet(key, out var v))
        {
            if (required)
            {
                Errors.Add(PathOf(key), "is required");
            }

            return [];
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return [v.GetString()!];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(PathOf(key), $"expected an array of strings, got {Describe(v)}");
            return [];
        }

        var result = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Errors.Add($"{PathOf(key)}[{i}]", $"expected a string, got {Describe(item)}");
            }
            else
            {
                result.Add(item.GetString()!);
            }

            i++;
        }

        return result;
    }

    /// <summary>The nested object at <paramref name="key"/>, or null when absent; a required one missing is an error.</summary>
    public JsonSection? Section(string key, bool required = false)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("object", null) { Required = required });
        if (!TryGet(key, out var v))
        {
            if (required)
            {
                Errors.Add(PathOf(key), "is required");
            }

            return null;
        }

        var section = new JsonSection(v, PathOf(key), Errors);
        return section.IsObject ? section : null;
    }

    /// <summary>The objects of the array at <paramref name="key"/> (empty when absent).</summary>
    public IReadOnlyList<JsonSection> Sections(string key, bool required = false)
    {
        Errors.Recorder?.Record(Path, key, new SchemaKey("array", null) { Items = "object", Required = required });
        if (!TryGet(key, out var v))
        {
            if (required)
            {
                Errors.Add(PathOf(key), "is required");
            }

            return [];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            Errors.Add(PathOf(key), $"expected an array, got {Describe(v)}");
            return [];
        }

        var list = new List<JsonSection>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var section = new JsonSection(item, $"{PathOf(key)}[{i++}]", Errors);
            if (section.IsObject)
            {
                list.Add(section);
            }
        }

        return list;
    }

    /// <summary>Reports every key of this object that no accessor asked for, suggesting the closest known key.</summary>
    public void RejectUnknownKeys()
    {
        if (!IsObject)
        {
            return;
        }

        foreach (var property in _element.EnumerateObject())
        {
            if (_known.Contains(property.Name) || property.Name.StartsWith('$'))
            {
                continue; // "$schema" and "$comment" are allowed everywhere
            }

            var hint = Closest(property.Name);
            Errors.Add(PathOf(property.Name), hint is null
                ? $"unknown key (known keys: {string.Join(", ", _known.Order(StringComparer.Ordinal))})"
                : $"unknown key; did you mean '{hint}'?");
        }
    }

    private bool TryGet(string key, out JsonElement value)
    {
        _known.Add(key);
        if (IsObject && _element.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private bool InRange(string key, double value, double min, double max)
    {
        if (value >= min && value <= max)
        {
            return true;
        }

        Errors.Add(PathOf(key), $"{value.ToString(CultureInfo.InvariantCulture)} is out of range [{Format(min)}, {Format(max)}]");
        return false;
    }

    private static string Format(double v) =>
        v == double.MinValue || v == int.MinValue ? "-∞" : v == double.MaxValue || v == int.MaxValue ? "∞" : v.ToString(CultureInfo.InvariantCulture);

    private string? Closest(string name)
    {
        string? best = null;
        var bestDistance = 3; // suggest only near misses
        foreach (var known in _known)
        {
            var d = EditDistance(name.ToUpperInvariant(), known.ToUpperInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = known;
            }
        }

        return best;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>Describes a JSON value's type for error messages.</summary>
    public static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"string \"{v.GetString()}\"",
        JsonValueKind.Number => $"number {v.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {v.GetRawText()}",
        JsonValueKind.Array => $"an array of {v.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
