using Microsoft.Data.Sqlite;

namespace EdgeVision.Mqtt.Outbox;

/// <content>The SQL of the hot operations, each a command created once so SQLite prepares it once.</content>
public sealed partial class MqttOutbox
{
    private const string MetaDroppedFull = "dropped_full";
    private const string MetaDroppedAge = "dropped_age";

    /// <summary>Prepared commands; used only under the outbox's lock.</summary>
    private sealed class Statements : IDisposable
    {
        public Statements(SqliteConnection connection)
        {
            Insert = Create(
                connection,
                "INSERT INTO messages (stream, seq, topic, payload, created) VALUES ($stream, $seq, $topic, $payload, $created) RETURNING id",
                "$stream", "$seq", "$topic", "$payload", "$created");
            SetSequence = Create(
                connection,
                "INSERT INTO streams (stream, last_seq) VALUES ($stream, $seq) ON CONFLICT (stream) DO UPDATE SET last_seq = excluded.last_seq",
                "$stream", "$seq");
            SetMeta = Create(
                connection,
                "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                "$key", "$value");
            Oldest = Create(connection, "SELECT id, length(payload), created FROM messages ORDER BY id");
            DeleteThrough = Create(connection, "DELETE FROM messages WHERE id <= $id", "$id");
            Read = Create(
                connection,
                "SELECT id, stream, seq, topic, payload, created FROM messages WHERE id > $after AND id <= $through ORDER BY id LIMIT $max",
                "$after", "$through", "$max");
            RemoveOne = Create(connection, "DELETE FROM messages WHERE id = $id RETURNING length(payload)", "$id");
        }

        public SqliteCommand Insert { get; }

        public SqliteCommand SetSequence { get; }

        public SqliteCommand SetMeta { get; }

        public SqliteCommand Oldest { get; }

        public SqliteCommand DeleteThrough { get; }

        public SqliteCommand Read { get; }

        public SqliteCommand RemoveOne { get; }

        public void Dispose()
        {
            foreach (var command in (ReadOnlySpan<SqliteCommand>)[Insert, SetSequence, SetMeta, Oldest, DeleteThrough, Read, RemoveOne])
            {
                command.Dispose();
            }
        }

        private static SqliteCommand Create(SqliteConnection connection, string sql, params ReadOnlySpan<string> parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }

    /// <summary>Binds <paramref name="values"/> in order to the command's parameters and enlists it in the transaction.</summary>
    private static SqliteCommand Bind(SqliteCommand command, SqliteTransaction? transaction, params ReadOnlySpan<object> values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command;
    }
}
