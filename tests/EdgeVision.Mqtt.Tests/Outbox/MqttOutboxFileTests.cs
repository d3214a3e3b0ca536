using EdgeVision.Mqtt.Outbox;
using Microsoft.Data.Sqlite;
using static EdgeVision.Mqtt.Tests.Outbox.OutboxFolder;

namespace EdgeVision.Mqtt.Tests.Outbox;

/// <summary>The outbox's file: WAL mode, where it is created, and what happens to a file it cannot read.</summary>
public sealed class MqttOutboxFileTests : IDisposable
{
    private static readonly DateTimeOffset Stamp = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly OutboxFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_file_is_in_WAL_mode_as_another_connection_sees_it()
    {
        using var outbox = MqttOutbox.Open(_folder.Options);
        outbox.Append(Message("cam1"));

        Assert.Equal("wal", outbox.JournalMode);
        Assert.Equal("wal", _folder.Query<string>("PRAGMA journal_mode"));
        Assert.True(File.Exists(_folder.File + "-wal"));
    }

    [Theory]
    [InlineData(OutboxDurability.Normal)]
    [InlineData(OutboxDurability.Full)]
    public void Both_durabilities_keep_what_was_appended_across_reopening(OutboxDurability durability)
    {
        var options = _folder.Options with { Durability = durability };
        using (var outbox = MqttOutbox.Open(options))
        {
            outbox.Append([Message("cam1"), Message("cam1")]);
        }

        using var reopened = MqttOutbox.Open(options);
        Assert.Equal(["cam1:1", "cam1:2"], reopened.Read(0, long.MaxValue, 10).Select(Text));
    }

    [Fact]
    public void A_missing_directory_is_created()
    {
        var path = Path.Combine(_folder.Root, "var", "lib", "edgevision", "outbox.db");

        using var outbox = MqttOutbox.Open(new OutboxOptions { Path = path });
        outbox.Append(Message("cam1"));

        Assert.True(File.Exists(path));
        Assert.Equal(path, outbox.FilePath);
    }

    [Fact]
    public void A_file_of_garbage_is_set_aside_with_a_clear_message_and_a_fresh_outbox_works()
    {
        var garbage = new byte[16384];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(_folder.File, garbage);
        var log = new List<string>();

        using var outbox = MqttOutbox.Open(_folder.Options, ClockAt(Stamp), log.Add);

        var aside = _folder.File + ".corrupt-20250304050607";
        Assert.Equal(garbage, File.ReadAllBytes(aside));
        var line = Assert.Single(log);
        Assert.Contains($"{_folder.File} is unreadable", line, StringComparison.Ordinal);
        Assert.Contains($"moved it to {aside}", line, StringComparison.Ordinal);
        Assert.Equal(0, outbox.Count);
        Assert.Equal(new OutboxEntry(1, 1), outbox.Append(Message("cam1")));
        Assert.Equal(["cam1:1"], outbox.Read(0, long.MaxValue, 10).Select(Text));
    }

    [Fact]
    public void A_file_damaged_inside_is_set_aside_too_and_a_second_one_in_the_same_second_gets_its_own_name()
    {
        for (var round = 0; round < 2; round++)
        {
            using (var outbox = MqttOutbox.Open(_folder.Options))
            {
                outbox.Append(Enumerable.Range(0, 300).Select(_ => Message("cam1", 500)).ToArray());
            }

            // Keep the header page (the file still looks like SQLite), overwrite pages 2-8.
            using (var file = new FileStream(_folder.File, FileMode.Open, FileAccess.Write))
            {
                file.Position = 4096;
                file.Write(Enumerable.Repeat((byte)0x5A, 7 * 4096).ToArray());
            }

            var log = new List<string>();
            using var fresh = MqttOutbox.Open(_folder.Options, ClockAt(Stamp), log.Add);

            Assert.Contains("is unreadable", Assert.Single(log), StringComparison.Ordinal);
            Assert.Equal(0, fresh.Count);
            Assert.Equal(0, fresh.MaxId);
        }

        Assert.True(File.Exists(_folder.File + ".corrupt-20250304050607"));
        Assert.True(File.Exists(_folder.File + ".corrupt-20250304050607-2"));
    }

    [Fact]
    public void An_outbox_of_an_unknown_schema_version_is_set_aside()
    {
        using (var outbox = MqttOutbox.Open(_folder.Options))
        {
            outbox.Append(Message("cam1"));
        }

        Execute("PRAGMA user_version = 7");
        var log = new List<string>();

        using var fresh = MqttOutbox.Open(_folder.Options, ClockAt(Stamp), log.Add);

        Assert.Contains("schema version 7", Assert.Single(log), StringComparison.Ordinal);
        Assert.Equal(0, fresh.Count);
        Assert.True(File.Exists(_folder.File + ".corrupt-20250304050607"));
    }

    [Fact]
    public void Another_applications_database_is_refused_and_left_alone()
    {
        Execute("CREATE TABLE results (id INTEGER PRIMARY KEY, verdict TEXT)");
        var before = File.ReadAllBytes(_folder.File);

        var error = Assert.Throws<InvalidDataException>(() => MqttOutbox.Open(_folder.Options));

        Assert.Contains("SQLite database of something else", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_folder.File));
        Assert.Empty(Directory.GetFiles(_folder.Root, "*.corrupt-*"));
    }

    [Fact]
    public void A_path_SQLite_cannot_open_is_refused_with_the_path_named()
    {
        var error = Assert.Throws<IOException>(() => MqttOutbox.Open(new OutboxOptions { Path = _folder.Root }));

        Assert.Contains($"cannot open {_folder.Root}", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
    }

    [Fact]
    public void Options_that_cannot_work_are_refused_by_name()
    {
        Assert.Equal("MaxBytes", Assert.Throws<ArgumentException>(() => MqttOutbox.Open(_folder.Options with { MaxBytes = 0 })).ParamName);
        Assert.Equal("MaxAge", Assert.Throws<ArgumentException>(() => MqttOutbox.Open(_folder.Options with { MaxAge = TimeSpan.Zero })).ParamName);
        Assert.Equal("Path", Assert.Throws<ArgumentException>(() => MqttOutbox.Open(_folder.Options with { Path = " " })).ParamName);
        Assert.Equal("Durability", Assert.Throws<ArgumentException>(() => MqttOutbox.Open(_folder.Options with { Durability = (OutboxDurability)9 })).ParamName);
        Assert.False(File.Exists(_folder.File));
    }

    private static SteppedTimeProvider ClockAt(DateTimeOffset time)
    {
        var clock = new SteppedTimeProvider();
        clock.Advance(time - DateTimeOffset.UnixEpoch);
        return clock;
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _folder.File, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
