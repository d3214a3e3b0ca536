namespace EdgeVision.Mqtt.Outbox;

/// <summary>
/// One message to append: its stream (the camera name, which owns a sequence), its MQTT topic, and a writer that
/// builds the payload once the stream's next sequence number is known (the payload carries it).
/// </summary>
/// <param name="Stream">The stream (camera name) whose next sequence number the message takes.</param>
/// <param name="Topic">The MQTT topic it is published on.</param>
/// <param name="Payload">Builds the payload from the assigned sequence number; called once, inside the append's transaction.</param>
public sealed record OutboxAppend(string Stream, string Topic, Func<long, byte[]> Payload);

/// <summary>What an append assigned to one message.</summary>
/// <param name="Id">Position in the outbox (global append order, never reused).</param>
/// <param name="Sequence">The stream's sequence number (1, 2, 3, … per stream, never reused).</param>
public readonly record struct OutboxEntry(long Id, long Sequence);

/// <summary>A message read back from the outbox, waiting for the broker's acknowledgement.</summary>
/// <param name="Id">Position in the outbox; pass it to <see cref="MqttOutbox.Remove"/> once acknowledged.</param>
/// <param name="Stream">The stream (camera name).</param>
/// <param name="Sequence">The stream's sequence number.</param>
/// <param name="Topic">The MQTT topic.</param>
/// <param name="Payload">The payload as appended.</param>
/// <param name="Created">When it was appended.</param>
public sealed record OutboxMessage(long Id, string Stream, long Sequence, string Topic, byte[] Payload, DateTimeOffset Created);
