namespace EdgeVision.Mqtt.Outbox;

/// <summary>How hard each <see cref="MqttOutbox.Append(IReadOnlyList{OutboxAppend})"/> is made durable before it returns.</summary>
public enum OutboxDurability
{
    /// <summary>
    /// SQLite <c>synchronous=NORMAL</c> in WAL mode: a commit is written to the WAL file (the operating system's cache)
    /// but not flushed to the storage device; only checkpoints flush. Survives a crash or kill of the process (the
    /// kernel still writes the data out). A power loss or kernel crash can roll back the transactions committed since
    /// the last checkpoint (the file stays consistent): those messages are lost and, as their sequence numbers were
    /// never persisted, the same numbers are assigned again after the reboot. Costs no flush per append.
    /// </summary>
    Normal,

    /// <summary>
    /// SQLite <c>synchronous=FULL</c>: every commit flushes the WAL to the storage device (fsync) before Append returns,
    /// so an appended message and its sequence number also survive a power loss. Costs one flush per Append
    /// (milliseconds on SD cards and eMMC; batch appends to spread it).
    /// </summary>
    Full,
}

/// <summary>Where the outbox file lives and how big and old its backlog may grow.</summary>
public sealed record OutboxOptions
{
    /// <summary>Default <see cref="MaxBytes"/>: 256 MiB of payload.</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>
    /// The SQLite file. A relative path resolves against the working directory, which the systemd unit sets to the
    /// data directory (<c>/var/lib/edgevision</c>). A missing directory is created.
    /// </summary>
    public string Path { get; init; } = "mqtt-outbox.db";

    /// <summary>Flush policy of each append; see <see cref="OutboxDurability"/> for what each survives.</summary>
    public OutboxDurability Durability { get; init; } = OutboxDurability.Normal;

    /// <summary>
    /// Most payload bytes kept; an append that goes beyond it evicts the oldest messages (counted in
    /// <see cref="MqttOutbox.DroppedFull"/>). The file is larger: rows carry the topic and a header, and pages are not
    /// filled completely (measured: 359 MB of file for 256 MiB of 1 KB payloads).
    /// </summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>Oldest message kept; <see cref="MqttOutbox.Trim"/> evicts older ones (counted in <see cref="MqttOutbox.DroppedAge"/>).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("Outbox path is empty.", nameof(Path));
        }

        if (MaxBytes <= 0)
        {
            throw new ArgumentException($"Outbox MaxBytes must be positive, not {MaxBytes}.", nameof(MaxBytes));
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Outbox MaxAge must be positive, not {MaxAge}.", nameof(MaxAge));
        }

        if (!Enum.IsDefined(Durability))
        {
            throw new ArgumentException($"Outbox Durability {(int)Durability} is not one of Normal, Full.", nameof(Durability));
        }
    }
}
