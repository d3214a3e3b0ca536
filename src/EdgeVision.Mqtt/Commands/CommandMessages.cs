using System.Buffers;

namespace EdgeVision.Mqtt.Commands;

/// <summary>
/// An inbound MQTT message for the <see cref="CommandProcessor"/>: its topic and payload, and for MQTT 5 the
/// response topic and correlation data the sender asked for.
/// </summary>
/// <param name="Topic">The topic it arrived on.</param>
/// <param name="Payload">The body as received (not yet decoded).</param>
/// <param name="ResponseTopic">MQTT 5 response topic, or null.</param>
/// <param name="CorrelationData">MQTT 5 correlation data, or null; echoed in the reply.</param>
public sealed record CommandRequest(string Topic, ReadOnlySequence<byte> Payload, string? ResponseTopic = null, byte[]? CorrelationData = null)
{
    /// <summary>A request whose payload is one array (tests, HTTP).</summary>
    public CommandRequest(string topic, byte[] payload, string? responseTopic = null, byte[]? correlationData = null)
        : this(topic, new ReadOnlySequence<byte>(payload ?? throw new ArgumentNullException(nameof(payload))), responseTopic, correlationData)
    {
    }
}

/// <summary>
/// The reply to publish for a command: JSON <paramref name="Payload"/> on <paramref name="Topic"/>, with
/// <paramref name="CorrelationData"/> set when the request carried some. Publish it with QoS 1, not retained.
/// </summary>
/// <param name="Topic"><c>&lt;root&gt;/cmd/&lt;verb&gt;/reply</c>, or the request's MQTT 5 response topic.</param>
/// <param name="Payload">UTF-8 JSON: <c>{"verb","id"?,"ok","result"|"error"}</c>.</param>
/// <param name="CorrelationData">The request's correlation data, or null.</param>
#pragma warning disable CA1819 // an MQTT payload is a byte array by nature; the reply is handed straight to the client
public sealed record CommandReply(string Topic, byte[] Payload, byte[]? CorrelationData)
#pragma warning restore CA1819
{
    /// <summary>The payload's content type (MQTT 5 property).</summary>
    public static string ContentType => "application/json";
}
