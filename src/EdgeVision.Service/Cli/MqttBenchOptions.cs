using System.Globalization;
using EdgeVision.Mqtt.Outbox;

namespace EdgeVision.Service.Cli;

/// <summary>What <c>edgevision bench mqtt</c> runs: how many results per phase, at what pace, with which QoS and outbox durability, on which broker.</summary>
public sealed record MqttBenchOptions
{
    /// <summary>Most results either phase may offer (the bench keeps two timestamps per result).</summary>
    public const int MaxResults = 5_000_000;

    /// <summary>Results offered in the sustained phase (0 skips it).</summary>
    public int Results { get; init; } = 20_000;

    /// <summary>Results offered into the outbox while the broker is down, in the drain phase (0 skips it).</summary>
    public int Backlog { get; init; } = 20_000;

    /// <summary>Results run through before measuring, on a camera stream of their own (0: none).</summary>
    public int WarmUp { get; init; } = 3_000;

    /// <summary>Results per second offered in the sustained phase; 0 offers them as fast as the station takes them.</summary>
    public double Rate { get; init; }

    /// <summary>QoS of the results: 1 or 2.</summary>
    public int QualityOfService { get; init; } = 1;

    /// <summary>Flush policy of the outbox.</summary>
    public OutboxDurability Durability { get; init; } = OutboxDurability.Normal;

    /// <summary><c>host:port</c> of a running broker to use instead of starting mosquitto (the drain phase then cannot run).</summary>
    public string? Broker { get; init; }

    /// <summary>The recipe whose real results (on synthetic conveyor frames) make the payloads.</summary>
    public string RecipePath { get; init; } = "config/recipes/demo.json";

    /// <summary>Also time the publish path's parts alone (outbox append, read, remove; publishing one at a time or several in flight).</summary>
    public bool Breakdown { get; init; }

    /// <summary>The mosquitto executable started when <see cref="Broker"/> is null.</summary>
    public string MosquittoPath { get; init; } = MqttBenchBroker.DefaultExecutable;

    /// <summary>Every problem of these options as a sentence naming the option; empty when they can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Results is < 0 or > MaxResults)
        {
            errors.Add($"--results {Results} is outside 0-{MaxResults}.");
        }

        if (Backlog is < 0 or > MaxResults)
        {
            errors.Add($"--backlog {Backlog} is outside 0-{MaxResults}.");
        }

        if (WarmUp is < 0 or > MaxResults)
        {
            errors.Add($"--warmup {WarmUp} is outside 0-{MaxResults}.");
        }

        if (Results == 0 && Backlog == 0)
        {
            errors.Add("--results and --backlog are both 0: there is nothing to measure.");
        }

        if (!double.IsFinite(Rate) || Rate < 0)
        {
            errors.Add($"--rate {Rate.ToString(CultureInfo.InvariantCulture)} must be a finite number ≥ 0 (0: as fast as the station takes results).");
        }

        if (QualityOfService is not (1 or 2))
        {
            errors.Add($"--qos {QualityOfService} is not 1 or 2: results are removed from the outbox only once the broker acknowledged them, which QoS 0 never does.");
        }

        if (!Enum.IsDefined(Durability))
        {
            errors.Add($"--durability {(int)Durability} is not one of normal, full.");
        }

        if (Broker is not null && !TryParseBroker(Broker, out _, out _))
        {
            errors.Add($"--broker '{Broker}' is not HOST:PORT with a port in 1-65535.");
        }

        return errors;
    }

    /// <summary>Splits <paramref name="text"/> (<c>host:port</c>, the host possibly a bracketed IPv6 address) into its parts.</summary>
    public static bool TryParseBroker(string text, out string host, out int port)
    {
        ArgumentNullException.ThrowIfNull(text);
        host = "";
        port = 0;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = text[..colon].Trim('[', ']');
        return host.Length > 0;
    }
}
