using System.Text;
using EdgeVision.Mqtt.Outbox;
using Microsoft.Data.Sqlite;

namespace EdgeVision.Mqtt.Tests.Outbox;

/// <summary>A temporary folder holding one test's outbox file, deleted afterwards; plus helpers to look at the file from outside.</summary>
internal sealed class OutboxFolder : IDisposable
{
    public OutboxFolder()
    {
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "edgevision-outbox-" + Guid.NewGuid().ToString("N"));

    public string File => Path.Combine(Root, "outbox.db");

    public OutboxOptions Options => new() { Path = File };

    /// <summary>A message whose payload is <c>stream:seq</c> padded to <paramref name="size"/> bytes.</summary>
    public static OutboxAppend Message(string stream, int size = 0) =>
        new(stream, $"edgevision/station-1/{stream}/result", seq => Payload(stream, seq, size));

    public static byte[] Payload(string stream, long seq, int size = 0)
    {
        var text = $"{stream}:{seq}";
        return Encoding.UTF8.GetBytes(size > text.Length ? text.PadRight(size, '.') : text);
    }

    public static string Text(OutboxMessage message) => Encoding.UTF8.GetString(message.Payload).TrimEnd('.');

    /// <summary>Runs a query on the file through a connection of its own (not the outbox's).</summary>
    public T Query<T>(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // left in /tmp; harmless
        }
    }
}
