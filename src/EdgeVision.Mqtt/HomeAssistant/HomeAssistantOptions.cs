namespace EdgeVision.Mqtt.HomeAssistant;

/// <summary>Home Assistant MQTT discovery (off by default): where to publish the entity configurations and how to name the device.</summary>
public sealed record HomeAssistantOptions
{
    /// <summary>True to publish discovery configurations (and to remove them when switched off again).</summary>
    public bool Enabled { get; init; }

    /// <summary>Home Assistant's discovery prefix (its MQTT integration setting), first level of every configuration topic.</summary>
    public string DiscoveryPrefix { get; init; } = "homeassistant";

    /// <summary>The device's name in Home Assistant; null means <c>EdgeVision &lt;station&gt;</c>.</summary>
    public string? DeviceName { get; init; }

    /// <summary>The device's model as shown in Home Assistant.</summary>
    public string Model { get; init; } = "Inspection station";

    /// <summary>Address of the station's web page, linked from the device page in Home Assistant; null for none.</summary>
    public Uri? ConfigurationUrl { get; init; }

    /// <summary>Every problem with these options, as sentences naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(DiscoveryPrefix) || DiscoveryPrefix.IndexOfAny(['+', '#', '\0']) >= 0
            || DiscoveryPrefix.StartsWith('/') || DiscoveryPrefix.EndsWith('/'))
        {
            problems.Add($"Home Assistant DiscoveryPrefix '{DiscoveryPrefix}' must be a topic without wildcards (+ #) or leading/trailing '/'.");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            problems.Add("Home Assistant Model is empty.");
        }

        if (ConfigurationUrl is { IsAbsoluteUri: false })
        {
            problems.Add($"Home Assistant ConfigurationUrl '{ConfigurationUrl}' is not an absolute address.");
        }

        return problems;
    }
}
