using EdgeVision.Mqtt.Outbox;
using static EdgeVision.Mqtt.Tests.Outbox.OutboxFolder;

namespace EdgeVision.Mqtt.Tests.Outbox;

/// <summary>Append order, sequence numbers, reading with a boundary and removing, on a real SQLite file.</summary>
public sealed class MqttOutboxTests : IDisposable
{
    private readonly OutboxFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Ids_follow_append_order_and_each_stream_numbers_its_messages_from_1_across_batches()
    {
        using var outbox = MqttOutbox.Open(_folder.Options);

        var first = outbox.Append([Message("cam1"), Message("cam2"), Message("cam1")]);
        var second = outbox.Append([Message("cam2"), Message("cam1")]);
        var third = outbox.Append(Message("cam3"));

        Assert.Equal([new(1, 1), new(2, 1), new(3, 2)], first);
        Assert.Equal([new(4, 2), new(5, 3)], second);
        Assert.Equal(new OutboxEntry(6, 1), third);
        var read = outbox.Read(0, long.MaxValue, 100);
        Assert.Equal(["cam1:1", "cam2:1", "cam1:2", "cam2:2", "cam1:3", "cam3:1"], read.Select(Text));
        Assert.Equal([1L, 2, 3, 4, 5, 6], read.Select(m => m.Id));
        Assert.Equal([1L, 1, 2, 2, 3, 1], read.Select(m => m.Sequence));
        Assert.Equal(["cam1", "cam2", "cam1", "cam2", "cam1", "cam3"], read.Select(m => m.Stream));
        Assert.All(read, m => Assert.Equal($"edgevision/station-1/{m.Stream}/result", m.Topic));
        Assert.Equal(6, outbox.Count);
        Assert.Equal(read.Sum(m => (long)m.Payload.Length), outbox.Bytes);
        Assert.Equal(6, outbox.MaxId);
        Assert.Equal(3, outbox.LastSequence("cam1"));
        Assert.Equal(0, outbox.LastSequence("cam9"));
    }

    [Fact]
    public void Messages_keep_their_creation_time_from_the_given_clock()
    {
        var clock = new SteppedTimeProvider();
        clock.Advance(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero) - DateTimeOffset.UnixEpoch);
        using var outbox = MqttOutbox.Open(_folder.Options, clock);

        outbox.Append(Message("cam1"));
        clock.Advance(TimeSpan.FromMilliseconds(1500));
        outbox.Append(Message("cam1"));

        var read = outbox.Read(0, long.MaxValue, 10);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero), read[0].Created);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 8, 500, TimeSpan.Zero), read[1].Created);
    }

    [Fact]
    public void Sequences_and_ids_continue_after_reopening_the_file()
    {
        using (var outbox = MqttOutbox.Open(_folder.Options))
        {
            outbox.Append([Message("cam1"), Message("cam1"), Message("cam2")]);
        }

        using var reopened = MqttOutbox.Open(_folder.Options);

        Assert.Equal(3, reopened.Count);
        Assert.Equal(3, reopened.MaxId);
        Assert.Equal([new(4, 3), new(5, 2)], reopened.Append([Message("cam1"), Message("cam2")]));
        Assert.Equal(["cam1:1", "cam1:2", "cam2:1", "cam1:3", "cam2:2"], reopened.Read(0, long.MaxValue, 10).Select(Text));
    }

    [Fact]
    public void Sequences_and_ids_are_never_reused_after_every_row_was_removed_and_the_file_reopened()
    {
        using (var outbox = MqttOutbox.Open(_folder.Options))
        {
            var entries = outbox.Append([Message("cam1"), Message("cam1"), Message("cam2")]);
            Assert.Equal(3, outbox.Remove(entries.Select(e => e.Id).ToArray()));
            Assert.Equal(0, outbox.Count);

            // Still open: the next append does not restart at id 1 behind a reader's position.
            Assert.Equal(new OutboxEntry(4, 3), outbox.Append(Message("cam1")));
            Assert.Equal(1, outbox.Remove([4]));
        }

        Assert.Equal(0L, _folder.Query<long>("SELECT count(*) FROM messages"));
        using var reopened = MqttOutbox.Open(_folder.Options);

        Assert.Equal(0, reopened.Count);
        Assert.Equal(0, reopened.Bytes);
        Assert.Equal(4, reopened.MaxId);
        Assert.Equal([new(5, 4), new(6, 2)], reopened.Append([Message("cam1"), Message("cam2")]));
    }

    [Fact]
    public void A_boundary_splits_the_backlog_from_live_messages_and_Remove_deletes_only_what_was_acknowledged()
    {
        using var outbox = MqttOutbox.Open(_folder.Options);
        outbox.Append(Enumerable.Range(0, 10).Select(_ => Message("cam1", 100)).ToArray());
        var boundary = outbox.MaxId; // captured at "connect"
        outbox.Append(Enumerable.Range(0, 5).Select(_ => Message("cam1", 100)).ToArray());

        var page1 = outbox.Read(0, boundary, 4);
        var page2 = outbox.Read(page1[^1].Id, boundary, 100);
        var live = outbox.Read(boundary, long.MaxValue, 100);

        Assert.Equal([1L, 2, 3, 4], page1.Select(m => m.Id));
        Assert.Equal([5L, 6, 7, 8, 9, 10], page2.Select(m => m.Id));
        Assert.Equal([11L, 12, 13, 14, 15], live.Select(m => m.Id));
        Assert.Empty(outbox.Read(boundary, boundary, 100));
        Assert.Equal(15, outbox.Count); // reading removes nothing

        // Acknowledged: 1-4 and 11; 4 twice and 99 (never assigned) are skipped.
        Assert.Equal(5, outbox.Remove([1, 2, 3, 4, 4, 11, 99]));

        Assert.Equal(10, outbox.Count);
        Assert.Equal(1000, outbox.Bytes);
        Assert.Equal([5L, 6, 7, 8, 9, 10], outbox.Read(0, boundary, 100).Select(m => m.Id));
        Assert.Equal([12L, 13, 14, 15], outbox.Read(boundary, long.MaxValue, 100).Select(m => m.Id));
        Assert.Equal(0, outbox.Remove([1, 2]));
        Assert.Equal(0, outbox.Remove([]));
    }

    [Fact]
    public void A_payload_writer_that_throws_stores_nothing_of_its_batch_and_spends_no_number()
    {
        using var outbox = MqttOutbox.Open(_folder.Options);
        outbox.Append(Message("cam1"));
        var failing = new OutboxAppend("cam1", "t", _ => throw new FormatException("bad result"));

        var error = Assert.Throws<FormatException>(() => outbox.Append([Message("cam1"), failing]));

        Assert.Equal("bad result", error.Message);
        Assert.Equal(1, outbox.Count);
        Assert.Equal(1, outbox.MaxId);
        Assert.Equal(1, outbox.LastSequence("cam1"));
        Assert.Equal(new OutboxEntry(2, 2), outbox.Append(Message("cam1")));
        Assert.Equal(["cam1:1", "cam1:2"], outbox.Read(0, long.MaxValue, 10).Select(Text));
    }

    [Fact]
    public void Bad_messages_are_refused_with_the_problem_named()
    {
        using var outbox = MqttOutbox.Open(_folder.Options);

        var noStream = Assert.Throws<ArgumentException>(() => outbox.Append([Message("cam1"), new OutboxAppend("", "t", _ => [1])]));
        var noTopic = Assert.Throws<ArgumentException>(() => outbox.Append(new OutboxAppend("cam1", "", _ => [1])));
        var nullPayload = Assert.Throws<ArgumentException>(() => outbox.Append(new OutboxAppend("cam1", "t", _ => null!)));

        Assert.Contains("item 1 has no stream", noStream.Message, StringComparison.Ordinal);
        Assert.Contains("item 0 has no topic", noTopic.Message, StringComparison.Ordinal);
        Assert.Contains("payload writer returned null", nullPayload.Message, StringComparison.Ordinal);
        Assert.Equal(0, outbox.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => outbox.Read(0, 10, 0));
    }

    [Fact]
    public void A_disposed_outbox_refuses_work()
    {
        var outbox = MqttOutbox.Open(_folder.Options);
        outbox.Dispose();
        outbox.Dispose();

        Assert.Throws<ObjectDisposedException>(() => outbox.Append(Message("cam1")));
        Assert.Throws<ObjectDisposedException>(() => outbox.Read(0, 10, 1));
        Assert.Throws<ObjectDisposedException>(() => outbox.Remove([1]));
        Assert.Throws<ObjectDisposedException>(() => outbox.Trim());
    }
}
