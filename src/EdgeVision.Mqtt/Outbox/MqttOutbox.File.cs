using System.Globalization;
using Microsoft.Data.Sqlite;

namespace EdgeVision.Mqtt.Outbox;

/// <content>The file: connection settings, schema, state loaded at open, and setting an unreadable file aside.</content>
public sealed partial class MqttOutbox
{
    /// <summary>Schema version kept in <c>PRAGMA user_version</c>; a file with another non-zero version is set aside.</summary>
    private const int SchemaVersion = 1;

    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    // messages: AUTOINCREMENT so an id is never handed out twice, even once every row is gone (plain rowids restart
    // at max(rowid)+1, which would put new messages behind a reader's position). No index on created: created never
    // decreases in id order (see Append), so the oldest rows are always a prefix in id order, and an index would add a
    // page to every commit (measured: 4.7 → 3.7 pages written per single-message append).
    // streams: the last sequence number per stream, written in the same transaction as the rows, so a number is
    // neither skipped nor reused. meta: persisted counters (dropped_full, dropped_age).
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS messages (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            stream  TEXT    NOT NULL,
            seq     INTEGER NOT NULL,
            topic   TEXT    NOT NULL,
            payload BLOB    NOT NULL,
            created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS streams (
            stream   TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    private readonly Statements _statements;

    private static SqliteConnection OpenConnection(string path)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false, // one long-lived connection; a pooled one would keep the file open after Dispose
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            connection.Dispose();
            throw new UnreadableOutboxException(e.Message, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    private static bool IsUnreadable(SqliteException e) => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    private void Configure()
    {
        try
        {
            // Look before changing anything: the journal mode is written into the file's header.
            var check = Scalar<string>("PRAGMA quick_check(3)");
            if (check != "ok")
            {
                throw new UnreadableOutboxException("integrity check: " + check);
            }

            var version = Scalar<long>("PRAGMA user_version");
            if (version == 0 && Scalar<long>("SELECT count(*) FROM sqlite_schema") > 0)
            {
                throw new InvalidDataException(
                    $"{FilePath} is an SQLite database of something else (it has tables but no outbox schema version); " +
                    "give the outbox its own file.");
            }

            if (version is not 0 and not SchemaVersion)
            {
                throw new UnreadableOutboxException($"schema version {version}, this build reads version {SchemaVersion}");
            }

            JournalMode = Scalar<string>("PRAGMA journal_mode = WAL").ToLowerInvariant();
            Execute(_options.Durability == OutboxDurability.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            throw new UnreadableOutboxException(e.Message, e);
        }
    }

    private void CreateSchema()
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            Execute(Schema, transaction);
            Execute($"PRAGMA user_version = {SchemaVersion}", transaction);
            transaction.Commit();
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            throw new UnreadableOutboxException(e.Message, e);
        }
    }

    private void LoadState()
    {
        try
        {
            using (var command = Command("SELECT count(*), coalesce(sum(length(payload)), 0) FROM messages"))
            using (var reader = command.ExecuteReader())
            {
                reader.Read();
                _count = reader.GetInt64(0);
                _bytes = reader.GetInt64(1);
            }

            _maxId = Scalar<long?>("SELECT seq FROM sqlite_sequence WHERE name = 'messages'") ?? 0;
            _lastCreated = Scalar<long?>("SELECT created FROM messages ORDER BY id DESC LIMIT 1") ?? long.MinValue;
            using (var command = Command("SELECT stream, last_seq FROM streams"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    _lastSequence[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            using (var command = Command("SELECT key, value FROM meta"))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    switch (reader.GetString(0))
                    {
                        case MetaDroppedFull: _droppedFull = reader.GetInt64(1); break;
                        case MetaDroppedAge: _droppedAge = reader.GetInt64(1); break;
                        default: break; // written by a later build; kept, not understood
                    }
                }
            }
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            throw new UnreadableOutboxException(e.Message, e);
        }
    }

    /// <summary>Renames the file and its WAL companions aside; returns the new name of the file.</summary>
    private static string SetAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var aside = $"{path}.corrupt-{stamp}";
        for (var n = 2; File.Exists(aside); n++)
        {
            aside = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, aside);
        foreach (var suffix in (ReadOnlySpan<string>)["-wal", "-shm"])
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix, overwrite: true);
            }
        }

        return aside;
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using var command = Command(sql, transaction);
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var command = Command(sql);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }
}
