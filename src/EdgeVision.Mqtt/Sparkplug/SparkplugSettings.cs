namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>
/// Sparkplug B publishing (off by default): the station as an edge node in a group, each camera as a device,
/// optionally waiting for a primary host application before publishing births.
/// </summary>
public sealed record SparkplugSettings
{
    /// <summary>True to publish Sparkplug B messages beside the EdgeVision topics.</summary>
    public bool Enabled { get; init; }

    /// <summary>The Sparkplug group (second topic level), e.g. a line or cell name.</summary>
    public string GroupId { get; init; } = "EdgeVision";

    /// <summary>The edge node id (fourth topic level); null means the station (device) name.</summary>
    public string? EdgeNodeId { get; init; }

    /// <summary>
    /// The primary host application's id; when set, births are held until <c>spBv1.0/STATE/&lt;id&gt;</c> says it is
    /// online, and the node dies and starts over when it goes offline. Null: publish births as soon as connected.
    /// </summary>
    public string? PrimaryHostId { get; init; }

    /// <summary>
    /// The file holding the last birth/death sequence number (bdSeq) so that it survives restarts; a relative path
    /// is taken relative to the service's data directory.
    /// </summary>
    public string BdSeqFile { get; init; } = "sparkplug-bdseq.txt";

    /// <summary>The edge node id in use for a station: <see cref="EdgeNodeId"/>, or the station name.</summary>
    public string EdgeNodeIdFor(string station) => string.IsNullOrEmpty(EdgeNodeId) ? station : EdgeNodeId;

    /// <summary>Every problem with these settings for a station, as sentences naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string station)
    {
        var problems = new List<string>();
        CheckId(problems, "GroupId", GroupId);
        CheckId(problems, EdgeNodeId is null ? "EdgeNodeId (the station name)" : "EdgeNodeId", EdgeNodeIdFor(station));
        if (PrimaryHostId is not null)
        {
            CheckId(problems, "PrimaryHostId", PrimaryHostId);
        }

        if (string.IsNullOrWhiteSpace(BdSeqFile))
        {
            problems.Add("Sparkplug BdSeqFile is empty: the bdSeq must be kept in a file to survive restarts.");
        }

        return problems;
    }

    /// <summary>
    /// Why <paramref name="id"/> cannot be a Sparkplug group, edge node, device or host id (empty, or holding one of
    /// the reserved characters <c>+ / #</c>), or null when it can.
    /// </summary>
    public static string? ProblemWithId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "is empty";
        }

        var bad = id.IndexOfAny(['+', '/', '#', '\0']);
        return bad < 0 ? null : $"'{id}' contains '{(id[bad] == '\0' ? "\\0" : id[bad].ToString())}', which Sparkplug reserves";
    }

    private static void CheckId(List<string> problems, string name, string? value)
    {
        if (ProblemWithId(value) is { } problem)
        {
            problems.Add($"Sparkplug {name} {problem}.");
        }
    }
}
