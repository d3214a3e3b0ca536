using Microsoft.Data.Sqlite;

namespace EdgeVision.Mqtt.Outbox;

/// <summary>
/// The persisted queue of MQTT messages waiting for the broker's acknowledgement: one SQLite file in WAL mode.
/// A message is appended (and given its stream's next sequence number) before it is published, read back in append
/// order, and removed once acknowledged, so nothing is lost across broker outages and service restarts. The backlog is
/// bounded by payload bytes (an append evicts the oldest) and by age (<see cref="Trim"/>); every eviction is counted,
/// and the counts persist in the file.
/// </summary>
/// <remarks>
/// Thread-safe: every operation runs under one lock on one connection. SQLite takes one writer at a time anyway, and
/// both Append and Remove write, so a second connection would only let Read overlap an append, at the price of
/// SQLite's sleeping busy handler between the two writers (OutboxBenchmarks in tests/EdgeVision.Benchmarks measures
/// the writer's cost with a reader draining beside it). <see cref="Count"/>, <see cref="Bytes"/>, <see cref="MaxId"/>
/// and the drop counters are kept in memory, updated only after a commit, and read without the lock.
/// </remarks>
public sealed partial class MqttOutbox : IDisposable
{
    private readonly Lock _gate = new();
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, long> _lastSequence = new(StringComparer.Ordinal);
    private long _count;
    private long _bytes;
    private long _maxId;
    private long _lastCreated; // unix ms of the newest row; later appends never take an earlier time
    private long _droppedFull;
    private long _droppedAge;
    private bool _disposed;

    private MqttOutbox(string path, OutboxOptions options, TimeProvider time)
    {
        FilePath = path;
        _options = options;
        _time = time;
        _connection = OpenConnection(path);
        try
        {
            Configure();
            CreateSchema();
            LoadState();
            _statements = new Statements(_connection);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens (or creates) the outbox file of <paramref name="options"/>, creating its directory if missing. A file that
    /// is corrupt or not an outbox of this version is renamed aside to <c>&lt;name&gt;.corrupt-&lt;yyyyMMddHHmmss&gt;</c>
    /// (with its <c>-wal</c>/<c>-shm</c> companions), the reason goes to <paramref name="log"/>, and a fresh file is started.
    /// </summary>
    /// <param name="options">Path, durability and bounds; validated first.</param>
    /// <param name="time">The clock stamping appends and judging age; the system clock when null.</param>
    /// <param name="log">Receives a line when a file is set aside or WAL mode is refused; nothing when null.</param>
    /// <exception cref="ArgumentException">An option cannot work.</exception>
    /// <exception cref="InvalidDataException">The path holds some other application's SQLite database.</exception>
    /// <exception cref="IOException">SQLite cannot open or write the file (a directory, no permission, disk full).</exception>
    public static MqttOutbox Open(OutboxOptions options, TimeProvider? time = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        log ??= _ => { };
        var path = System.IO.Path.GetFullPath(options.Path);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        MqttOutbox outbox;
        try
        {
            try
            {
                outbox = new MqttOutbox(path, options, time);
            }
            catch (UnreadableOutboxException e)
            {
                var aside = SetAside(path, time);
                log($"MQTT outbox: {path} is unreadable ({e.Message}); moved it to {aside} and started an empty outbox. " +
                    "Messages waiting in it will not be delivered.");
                outbox = new MqttOutbox(path, options, time);
            }
        }
        catch (SqliteException e)
        {
            throw new IOException($"MQTT outbox: cannot open {path}: {e.Message}", e);
        }

        if (outbox.JournalMode != "wal")
        {
            log($"MQTT outbox: SQLite refused WAL mode for {path} (journal mode is '{outbox.JournalMode}'); " +
                "appends will be slower and reads wait for writes.");
        }

        return outbox;
    }

    /// <summary>The full path of the SQLite file.</summary>
    public string FilePath { get; }

    /// <summary>Messages waiting (appended, neither removed nor evicted).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Payload bytes of the waiting messages (what <see cref="OutboxOptions.MaxBytes"/> bounds).</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// The highest id ever assigned (0 for a new file). Ids grow with every append and are never reused, even after
    /// every row was removed or the file reopened, so a publisher can capture this at connect time as the boundary
    /// between the historical backlog and live messages.
    /// </summary>
    public long MaxId => Interlocked.Read(ref _maxId);

    /// <summary>Messages evicted because the outbox was full (<see cref="OutboxOptions.MaxBytes"/>); persists across restarts.</summary>
    public long DroppedFull => Interlocked.Read(ref _droppedFull);

    /// <summary>Messages evicted by <see cref="Trim"/> for being older than <see cref="OutboxOptions.MaxAge"/>; persists across restarts.</summary>
    public long DroppedAge => Interlocked.Read(ref _droppedAge);

    /// <summary>The SQLite journal mode in effect: <c>wal</c> unless the file system refused it.</summary>
    public string JournalMode { get; private set; } = "";

    /// <summary>The last sequence number assigned in <paramref name="stream"/> (0 if none yet).</summary>
    public long LastSequence(string stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        lock (_gate)
        {
            return _lastSequence.GetValueOrDefault(stream);
        }
    }

    /// <summary>Closes the file (SQLite checkpoints the WAL into it on the way).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _statements.Dispose();
            _connection.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private long NowUnixMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Raised while opening when the file cannot be used as an outbox and may be set aside.</summary>
    private sealed class UnreadableOutboxException(string message, Exception? inner = null) : Exception(message, inner);
}
