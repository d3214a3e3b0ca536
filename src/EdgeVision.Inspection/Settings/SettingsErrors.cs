namespace EdgeVision.Inspection.Settings;

/// <summary>Collects every problem found while reading a settings file, each with the key path it concerns.</summary>
public sealed class SettingsErrors
{
    private readonly List<string> _errors = [];

    /// <summary>The problems, as "path: message" lines, in the order found.</summary>
    public IReadOnlyList<string> All => _errors;

    /// <summary>True when nothing is wrong.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>When set, every key a reader asks for is also described here (used to generate the JSON Schema).</summary>
    public SchemaRecorder? Recorder { get; init; }

    /// <summary>Records a problem with the value at <paramref name="path"/>.</summary>
    public void Add(string path, string message) => _errors.Add($"{path}: {message}");
}

/// <summary>Thrown when a settings file has errors; the message lists every one.</summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception for <paramref name="source"/> with its problems.</summary>
    public SettingsException(string source, IReadOnlyList<string> errors)
        : base($"{source} has {errors.Count} error(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>Creates the exception with a single message.</summary>
    public SettingsException(string message)
        : this("settings", [message])
    {
    }

    /// <summary>Creates an empty exception (for serializers).</summary>
    public SettingsException()
        : this("settings", [])
    {
    }

    /// <summary>Creates the exception wrapping an inner one.</summary>
    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Every problem, as "path: message".</summary>
    public IReadOnlyList<string> Errors { get; }
}
