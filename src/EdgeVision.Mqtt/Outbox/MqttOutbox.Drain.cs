namespace EdgeVision.Mqtt.Outbox;

/// <content>Reading the backlog in order and removing what the broker acknowledged.</content>
public sealed partial class MqttOutbox
{
    /// <summary>
    /// Reads up to <paramref name="max"/> waiting messages with <paramref name="afterId"/> &lt; id &lt;=
    /// <paramref name="throughId"/>, in id (append) order. A publisher captures <see cref="MaxId"/> at connect time and
    /// drains the historical part with <c>Read(position, boundary, n)</c>, the live part with
    /// <c>Read(position, long.MaxValue, n)</c>. Reading removes nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is not positive.</exception>
    public IReadOnlyList<OutboxMessage> Read(long afterId, long throughId, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var messages = new List<OutboxMessage>(Math.Min(max, 256));
        if (throughId <= afterId)
        {
            return messages;
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            using var reader = Bind(_statements.Read, null, afterId, throughId, max).ExecuteReader();
            while (reader.Read())
            {
                messages.Add(new OutboxMessage(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetInt64(2),
                    reader.GetString(3),
                    reader.GetFieldValue<byte[]>(4),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
            }
        }

        return messages;
    }

    /// <summary>
    /// Removes the messages with these ids in one transaction (after the broker acknowledged them). Ids no longer
    /// present (evicted meanwhile, or removed before) are skipped.
    /// </summary>
    /// <returns>How many messages were removed.</returns>
    public int Remove(ReadOnlySpan<long> ids)
    {
        if (ids.IsEmpty)
        {
            return 0;
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            int removed = 0;
            long bytes = 0;
            using var transaction = _connection.BeginTransaction();
            foreach (var id in ids)
            {
                if (Bind(_statements.RemoveOne, transaction, id).ExecuteScalar() is long length)
                {
                    removed++;
                    bytes += length;
                }
            }

            transaction.Commit();
            Interlocked.Add(ref _count, -removed);
            Interlocked.Add(ref _bytes, -bytes);
            return removed;
        }
    }
}
