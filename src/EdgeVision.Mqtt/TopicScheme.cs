namespace EdgeVision.Mqtt;

/// <summary>The topic contract: everything under <c>&lt;prefix&gt;/&lt;device&gt;</c> (README, "MQTT topics").</summary>
public sealed class TopicScheme
{
    /// <summary>Builds the scheme for a prefix and device name.</summary>
    public TopicScheme(string prefix, string device)
    {
        Root = $"{prefix}/{device}";
        Status = $"{Root}/status";
        CommandPrefix = $"{Root}/cmd/";
        Commands = $"{Root}/cmd/+";
    }

    /// <summary><c>&lt;prefix&gt;/&lt;device&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>Retained availability: the <c>online</c> birth payload, or <c>offline</c> (also the last will).</summary>
    public string Status { get; }

    /// <summary><c>&lt;root&gt;/cmd/</c>: a command topic is this plus the verb.</summary>
    public string CommandPrefix { get; }

    /// <summary>The subscription filter for every command verb (one level: replies under <c>cmd/&lt;verb&gt;/reply</c> are not matched).</summary>
    public string Commands { get; }

    /// <summary>Every inspection result of a camera (JSON, QoS 1, from the outbox).</summary>
    public string Result(string camera) => $"{Root}/{camera}/result";

    /// <summary>A camera's periodic counters and cycle-time statistics (JSON, retained).</summary>
    public string Stats(string camera) => $"{Root}/{camera}/stats";

    /// <summary>JPEG images of failed (or every N-th) parts.</summary>
    public string Image(string camera) => $"{Root}/{camera}/image";

    /// <summary>For MQTT 3.1.1 (no user properties): the JSON naming the result of the image that follows it.</summary>
    public string ImageMeta(string camera) => $"{Root}/{camera}/image/meta";

    /// <summary>A command's topic.</summary>
    public string Command(string verb) => CommandPrefix + verb;

    /// <summary>Where a command's reply goes when the request names no MQTT 5 response topic.</summary>
    public string CommandReply(string verb) => $"{CommandPrefix}{verb}/reply";
}
