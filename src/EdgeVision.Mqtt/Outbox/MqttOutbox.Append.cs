using Microsoft.Data.Sqlite;

namespace EdgeVision.Mqtt.Outbox;

/// <content>Appending, and the evictions that keep the outbox within its bounds.</content>
public sealed partial class MqttOutbox
{
    /// <summary>Appends one message; see <see cref="Append(IReadOnlyList{OutboxAppend})"/>.</summary>
    public OutboxEntry Append(OutboxAppend message) => Append([message])[0];

    /// <summary>
    /// Appends a batch in one transaction: each message takes its stream's next sequence number, its payload is built
    /// from it, and the row gets the next id. Then, while the payload bytes exceed <see cref="OutboxOptions.MaxBytes"/>,
    /// the oldest messages are evicted and counted in <see cref="DroppedFull"/> (a batch larger than the bound evicts
    /// its own first messages too: their numbers are spent, and consumers see the gap). All of it commits together or
    /// not at all: when a payload writer throws or the disk is full, nothing is stored and no number is spent.
    /// </summary>
    /// <returns>The id and sequence number assigned to each message, in batch order.</returns>
    /// <exception cref="ArgumentException">A message has no stream or topic, or its writer returned null.</exception>
    /// <exception cref="SqliteException">SQLite could not write (disk full, I/O error); nothing of the batch was stored.</exception>
    public IReadOnlyList<OutboxEntry> Append(IReadOnlyList<OutboxAppend> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var entries = new OutboxEntry[batch.Count];
        if (entries.Length == 0)
        {
            return entries;
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            var created = Math.Max(NowUnixMs(), _lastCreated); // never earlier than the newest row: see Trim
            var sequences = new Dictionary<string, long>(StringComparer.Ordinal); // last number per stream in this batch
            long added = 0;
            using var transaction = _connection.BeginTransaction();
            for (var i = 0; i < entries.Length; i++)
            {
                var message = batch[i] ?? throw new ArgumentException($"Outbox batch item {i} is null.", nameof(batch));
                if (string.IsNullOrEmpty(message.Stream) || string.IsNullOrEmpty(message.Topic))
                {
                    throw new ArgumentException($"Outbox batch item {i} has no {(string.IsNullOrEmpty(message.Stream) ? "stream" : "topic")}.", nameof(batch));
                }

                if (!sequences.TryGetValue(message.Stream, out var last))
                {
                    last = _lastSequence.GetValueOrDefault(message.Stream);
                }

                var sequence = last + 1;
                var payload = message.Payload(sequence)
                    ?? throw new ArgumentException($"Outbox batch item {i} ({message.Topic}): the payload writer returned null.", nameof(batch));
                var id = (long)Bind(_statements.Insert, transaction, message.Stream, sequence, message.Topic, payload, created).ExecuteScalar()!;
                sequences[message.Stream] = sequence;
                entries[i] = new OutboxEntry(id, sequence);
                added += payload.Length;
            }

            foreach (var (stream, last) in sequences)
            {
                Bind(_statements.SetSequence, transaction, stream, last).ExecuteNonQuery();
            }

            var excess = Bytes + added - _options.MaxBytes;
            var (evicted, evictedBytes) = excess > 0 ? EvictOldest(excess, long.MinValue, transaction) : (0, 0);
            if (evicted > 0)
            {
                Bind(_statements.SetMeta, transaction, MetaDroppedFull, DroppedFull + evicted).ExecuteNonQuery();
            }

            transaction.Commit();

            // The file changed; now the memory follows.
            foreach (var (stream, last) in sequences)
            {
                _lastSequence[stream] = last;
            }

            _lastCreated = created;
            Interlocked.Exchange(ref _maxId, entries[^1].Id);
            Interlocked.Add(ref _count, entries.Length - evicted);
            Interlocked.Add(ref _bytes, added - evictedBytes);
            Interlocked.Add(ref _droppedFull, evicted);
        }

        return entries;
    }

    /// <summary>
    /// Evicts every message older than <see cref="OutboxOptions.MaxAge"/> (by the clock given to <see cref="Open"/>),
    /// counting them in <see cref="DroppedAge"/>. Call it now and then (e.g. once a minute) and before draining a backlog.
    /// Ages are judged by the append time stamped on each message, which never decreases in append order: after the
    /// clock steps back, new messages take the newest earlier stamp, so the oldest messages are always the first ones.
    /// </summary>
    /// <returns>How many messages were evicted.</returns>
    public long Trim()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            var cutoff = NowUnixMs() - (long)_options.MaxAge.TotalMilliseconds;
            using var transaction = _connection.BeginTransaction();
            var (count, bytes) = EvictOldest(0, cutoff, transaction);
            if (count == 0)
            {
                return 0;
            }

            Bind(_statements.SetMeta, transaction, MetaDroppedAge, DroppedAge + count).ExecuteNonQuery();
            transaction.Commit();
            Interlocked.Add(ref _count, -count);
            Interlocked.Add(ref _bytes, -bytes);
            Interlocked.Add(ref _droppedAge, count);
            return count;
        }
    }

    /// <summary>
    /// Deletes the oldest messages while fewer than <paramref name="excess"/> payload bytes are freed or the message was
    /// created before <paramref name="createdBefore"/> (unix ms); reads only the rows it deletes plus one.
    /// </summary>
    private (long Count, long Bytes) EvictOldest(long excess, long createdBefore, SqliteTransaction transaction)
    {
        long count = 0, freed = 0, through = 0;
        using (var reader = Bind(_statements.Oldest, transaction).ExecuteReader())
        {
            while (reader.Read() && (freed < excess || reader.GetInt64(2) < createdBefore))
            {
                through = reader.GetInt64(0);
                freed += reader.GetInt64(1);
                count++;
            }
        }

        if (count > 0)
        {
            Bind(_statements.DeleteThrough, transaction, through).ExecuteNonQuery();
        }

        return (count, freed);
    }
}
