using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Connection;

/// <summary>The state of an <see cref="MqttConnection"/>.</summary>
public enum MqttConnectionState
{
    /// <summary>No link to the broker (not started, waiting to retry, or stopped).</summary>
    Disconnected,

    /// <summary>Connecting, re-subscribing and running the connected hooks; others cannot publish yet.</summary>
    Connecting,

    /// <summary>Connected, subscribed, hooks done: publishing is possible.</summary>
    Connected,
}

/// <summary>What became of a publish.</summary>
public enum MqttPublishOutcome
{
    /// <summary>The broker acknowledged it (QoS 1/2), or it was written to the link (QoS 0).</summary>
    Acknowledged,

    /// <summary>The broker answered with an error reason code (MQTT 5, e.g. not authorised): retrying the same message will not help.</summary>
    Refused,

    /// <summary>There was no usable connection; the message was not sent.</summary>
    NotConnected,

    /// <summary>The link failed or timed out while publishing; the broker may or may not have it (QoS 1 may deliver it twice after a retry).</summary>
    Failed,
}

/// <summary>
/// The last will the broker publishes when the link dies without a clean disconnect. A fresh one is asked for at every
/// connect (see <see cref="MqttConnection.WillProvider"/>), so a payload may change per session (Sparkplug's bdSeq).
/// </summary>
/// <param name="Topic">Topic of the will.</param>
/// <param name="Payload">Payload bytes.</param>
/// <param name="Retain">Whether the broker retains it (true for an availability topic).</param>
/// <param name="QualityOfService">QoS of the will.</param>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, bool Retain = true, MqttQualityOfServiceLevel QualityOfService = MqttQualityOfServiceLevel.AtLeastOnce);

/// <summary>A message the broker delivered on one of the connection's subscriptions (its bytes are copied: safe to keep).</summary>
/// <param name="Topic">Topic it was published on.</param>
/// <param name="Payload">Payload bytes.</param>
/// <param name="ResponseTopic">MQTT 5 response topic, if the sender set one (where a reply should go).</param>
/// <param name="CorrelationData">MQTT 5 correlation data, if the sender set some (to echo in the reply).</param>
/// <param name="UserProperties">MQTT 5 user properties, in the order sent (names may repeat).</param>
/// <param name="ContentType">MQTT 5 content type, if set.</param>
/// <param name="Retained">Whether it came from the broker's retained store.</param>
/// <param name="QualityOfService">QoS it was delivered with.</param>
public sealed record MqttInboundMessage(
    string Topic,
    ReadOnlyMemory<byte> Payload,
    string? ResponseTopic,
    ReadOnlyMemory<byte>? CorrelationData,
    IReadOnlyList<KeyValuePair<string, string>> UserProperties,
    string? ContentType,
    bool Retained,
    MqttQualityOfServiceLevel QualityOfService);

/// <summary>
/// What a connected hook gets: the fresh session, before anyone else may publish on it (re-subscriptions are already
/// done). Publish the birth payload, discovery configs and the like through <see cref="PublishAsync"/>.
/// </summary>
public sealed class MqttConnectedContext
{
    private readonly Func<MQTTnet.MqttApplicationMessage, CancellationToken, Task<MqttPublishOutcome>> _publish;

    internal MqttConnectedContext(bool sessionPresent, long connectCount, MqttWill? will, Func<MQTTnet.MqttApplicationMessage, CancellationToken, Task<MqttPublishOutcome>> publish)
    {
        SessionPresent = sessionPresent;
        ConnectCount = connectCount;
        Will = will;
        _publish = publish;
    }

    /// <summary>Whether the broker resumed a stored session (only with a persistent session).</summary>
    public bool SessionPresent { get; }

    /// <summary>1 for the first successful connect, 2 after the first reconnect, and so on.</summary>
    public long ConnectCount { get; }

    /// <summary>The will registered for this session (from <see cref="MqttConnection.WillProvider"/>), or null.</summary>
    public MqttWill? Will { get; }

    /// <summary>Publishes on this session; true when the broker acknowledged it.</summary>
    public async Task<bool> PublishAsync(MQTTnet.MqttApplicationMessage message, CancellationToken cancellationToken)
        => await _publish(message, cancellationToken).ConfigureAwait(false) == MqttPublishOutcome.Acknowledged;
}
