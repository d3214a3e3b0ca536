namespace EdgeVision.Mqtt;

/// <summary>The topic contract: everything under <c>&lt;prefix&gt;/&lt;device&gt;</c>.</summary>
public sealed class TopicScheme
{
    /// <summary>Builds the scheme for a prefix and device name.</summary>
    public TopicScheme(string prefix, string device)
    {
        Root = $"{prefix}/{device}";
        Status = $"{Root}/status";
    }

    /// <summary><c>&lt;prefix&gt;/&lt;device&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>Retained availability: <c>online</c>, or <c>offline</c> (also the last will).</summary>
    public string Status { get; }

    /// <summary>Every inspection result of a camera (JSON, QoS 1).</summary>
    public string Result(string camera) => $"{Root}/{camera}/result";
}
