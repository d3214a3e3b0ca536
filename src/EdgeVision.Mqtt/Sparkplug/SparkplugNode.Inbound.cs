using System.Text.Json;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using Google.Protobuf;
using M = EdgeVision.Mqtt.Sparkplug.SparkplugMetrics;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>Inbound: node commands (rebirth), device commands, and the primary host's STATE.</summary>
public sealed partial class SparkplugNode
{
    /// <summary>
    /// Handles a message received on one of <see cref="Subscriptions"/>: an NCMD writing true to
    /// <c>Node Control/Rebirth</c> (by name or alias) returns the birth sequence again (same bdSeq, seq from 0); the
    /// primary host's STATE releases held births when online, and when it goes offline returns the NDEATH with
    /// <see cref="SparkplugOutcome.RestartSession"/> set (the node then waits for it again). Anything malformed or
    /// unsupported is rejected with an <see cref="SparkplugOutcome.Error"/> naming the problem; nothing here throws.
    /// </summary>
    public SparkplugOutcome OnMessage(string topic, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(topic);
        lock (_gate)
        {
            if (topic == Topics.NodeCommand)
            {
                return NodeCommandUnlocked(payload);
            }

            if (_settings.PrimaryHostId is { } host && topic == SparkplugTopics.State(host))
            {
                return HostStateUnlocked(payload);
            }

            var dcmd = Topics.DeviceCommand(string.Empty);
            if (topic.StartsWith(dcmd, StringComparison.Ordinal))
            {
                return Reject($"DCMD to '{topic[dcmd.Length..]}' refused: cameras have no writable Sparkplug metrics (use the EdgeVision command topics).");
            }

            return Reject($"'{topic}' is not a topic this edge node handles.");
        }
    }

    private SparkplugOutcome NodeCommandUnlocked(ReadOnlySpan<byte> bytes)
    {
        Payload command;
        try
        {
            command = Payload.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            return Reject($"NCMD payload ({bytes.Length} bytes) is not a Sparkplug B payload: {e.Message}");
        }

        if (command.Metrics.Count == 0)
        {
            return Reject("NCMD carries no metric.");
        }

        var rebirth = false;
        foreach (var metric in command.Metrics)
        {
            var isRebirth = metric.HasName ? metric.Name == M.Rebirth : metric.HasAlias && metric.Alias == M.RebirthAlias;
            if (!isRebirth)
            {
                var which = metric.HasName ? $"'{metric.Name}'" : metric.HasAlias ? $"alias {metric.Alias}" : "without name or alias";
                return Reject($"NCMD metric {which} is not a writable metric of this edge node (only '{M.Rebirth}' is).");
            }

            if (metric.ValueCase != Payload.Types.Metric.ValueOneofCase.BooleanValue)
            {
                return Reject($"NCMD '{M.Rebirth}' must carry a Boolean value, not {metric.ValueCase}.");
            }

            rebirth |= metric.BooleanValue;
        }

        if (!rebirth)
        {
            return SparkplugOutcome.None;
        }

        switch (StateUnlocked)
        {
            case SparkplugNodeState.Online:
                _log("Sparkplug: rebirth requested.");
                return BirthUnlocked();
            case SparkplugNodeState.WaitingForPrimaryHost:
                return Reject($"Rebirth requested while births are held for primary host '{_settings.PrimaryHostId}': the birth follows when it is online.");
            default:
                return Reject("Rebirth requested while not connected.");
        }
    }

    private SparkplugOutcome HostStateUnlocked(ReadOnlySpan<byte> bytes)
    {
        if (ParseState(bytes, out var online, out var timestamp) is { } problem)
        {
            return Reject($"STATE of primary host '{_settings.PrimaryHostId}' {problem}.");
        }

        // A STATE older than one already taken is a stale copy (a retained message from before, a slow cluster link).
        if (timestamp < _lastStateTimestamp)
        {
            _log($"Sparkplug: ignored a STATE of primary host '{_settings.PrimaryHostId}' older than the last one ({timestamp} < {_lastStateTimestamp}).");
            return SparkplugOutcome.None;
        }

        _lastStateTimestamp = timestamp;
        var wasOnline = _hostOnline;
        _hostOnline = online;
        if (online)
        {
            if (!wasOnline)
            {
                _log($"Sparkplug: primary host '{_settings.PrimaryHostId}' is online.");
            }

            return StateUnlocked == SparkplugNodeState.WaitingForPrimaryHost ? BirthUnlocked() : SparkplugOutcome.None;
        }

        if (StateUnlocked != SparkplugNodeState.Online)
        {
            return SparkplugOutcome.None;
        }

        // The specification's answer to a primary host going away: die at once and start the session over, then wait
        // for the host again. If the connection keeps the session instead, the birth follows when the host is back.
        _log($"Sparkplug: primary host '{_settings.PrimaryHostId}' went offline: publishing NDEATH and starting the session over.");
        StateUnlocked = SparkplugNodeState.WaitingForPrimaryHost;
        return new SparkplugOutcome([DeathUnlocked()], RestartSession: true);
    }

    /// <summary>Reads the v3.0 STATE payload <c>{"online":bool,"timestamp":ms}</c>; returns the problem, or null.</summary>
    private static string? ParseState(ReadOnlySpan<byte> bytes, out bool online, out long timestamp)
    {
        online = false;
        timestamp = 0;
        if (bytes.IsEmpty)
        {
            return "is empty (its retained message was cleared)";
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 8 });
            if (!JsonDocument.TryParseValue(ref reader, out var parsed))
            {
                return "holds no JSON value";
            }

            document = parsed;
        }
        catch (JsonException e)
        {
            return $"is not JSON ({e.Message})";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"is JSON {root.ValueKind}, not an object with 'online' and 'timestamp'";
            }

            if (!root.TryGetProperty("online", out var o) || o.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return "lacks the Boolean 'online'";
            }

            if (!root.TryGetProperty("timestamp", out var t) || !t.TryGetInt64(out timestamp))
            {
                return "lacks the numeric 'timestamp' (milliseconds since the epoch)";
            }

            online = o.GetBoolean();
            return null;
        }
    }
}
