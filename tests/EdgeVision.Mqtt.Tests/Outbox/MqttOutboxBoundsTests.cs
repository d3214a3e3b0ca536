using EdgeVision.Mqtt.Outbox;
using static EdgeVision.Mqtt.Tests.Outbox.OutboxFolder;

namespace EdgeVision.Mqtt.Tests.Outbox;

/// <summary>The outbox's bounds: bytes (evicted on append) and age (evicted by Trim), and their persisted counters.</summary>
public sealed class MqttOutboxBoundsTests : IDisposable
{
    private readonly OutboxFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Appending_beyond_MaxBytes_evicts_the_oldest_messages_and_counts_them()
    {
        using var outbox = MqttOutbox.Open(_folder.Options with { MaxBytes = 10_000 });

        for (var i = 0; i < 5; i++)
        {
            outbox.Append([Message("cam1", 1000), Message("cam2", 1000), Message("cam1", 1000)]); // 15 in all
        }

        Assert.Equal(10, outbox.Count);
        Assert.Equal(10_000, outbox.Bytes);
        Assert.Equal(5, outbox.DroppedFull);
        var kept = outbox.Read(0, long.MaxValue, 100);
        Assert.Equal(Enumerable.Range(6, 10).Select(i => (long)i), kept.Select(m => m.Id));
        Assert.Equal(["cam1:4", "cam1:5", "cam2:3", "cam1:6", "cam1:7", "cam2:4", "cam1:8", "cam1:9", "cam2:5", "cam1:10"], kept.Select(Text));
    }

    [Fact]
    public void Eviction_frees_whole_messages_until_the_payload_fits()
    {
        using var outbox = MqttOutbox.Open(_folder.Options with { MaxBytes = 2500 });
        outbox.Append([Message("cam1", 1000), Message("cam1", 1000)]);

        outbox.Append(Message("cam1", 600)); // 2600 > 2500: the oldest 1000 go

        Assert.Equal(2, outbox.Count);
        Assert.Equal(1600, outbox.Bytes);
        Assert.Equal(1, outbox.DroppedFull);
        Assert.Equal(["cam1:2", "cam1:3"], outbox.Read(0, long.MaxValue, 10).Select(Text));
    }

    [Fact]
    public void A_batch_larger_than_MaxBytes_keeps_only_its_newest_messages_and_their_numbers_stay_spent()
    {
        using var outbox = MqttOutbox.Open(_folder.Options with { MaxBytes = 3000 });
        outbox.Append(Message("cam1", 1000));

        var entries = outbox.Append(Enumerable.Range(0, 5).Select(_ => Message("cam1", 1000)).ToArray());

        Assert.Equal([2L, 3, 4, 5, 6], entries.Select(e => e.Sequence));
        Assert.Equal(3, outbox.Count);
        Assert.Equal(3, outbox.DroppedFull);
        Assert.Equal(["cam1:4", "cam1:5", "cam1:6"], outbox.Read(0, long.MaxValue, 10).Select(Text));
        Assert.Equal(new OutboxEntry(7, 7), outbox.Append(Message("cam1", 10)));
    }

    [Fact]
    public void Trim_evicts_messages_older_than_MaxAge_by_the_given_clock_and_counts_them()
    {
        var clock = new SteppedTimeProvider();
        clock.Advance(TimeSpan.FromDays(20_000));
        using var outbox = MqttOutbox.Open(_folder.Options with { MaxAge = TimeSpan.FromHours(1) }, clock);
        outbox.Append([Message("cam1", 100), Message("cam2", 100), Message("cam1", 100)]);
        clock.Advance(TimeSpan.FromMinutes(40));
        outbox.Append([Message("cam1", 100), Message("cam2", 100)]);

        clock.Advance(TimeSpan.FromMinutes(20)); // the first three are exactly an hour old: not older than MaxAge
        Assert.Equal(0, outbox.Trim());
        Assert.Equal(5, outbox.Count);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3, outbox.Trim());

        Assert.Equal(2, outbox.Count);
        Assert.Equal(200, outbox.Bytes);
        Assert.Equal(3, outbox.DroppedAge);
        Assert.Equal(0, outbox.DroppedFull);
        Assert.Equal(["cam1:3", "cam2:2"], outbox.Read(0, long.MaxValue, 10).Select(Text));

        clock.Advance(TimeSpan.FromMinutes(41));
        Assert.Equal(2, outbox.Trim());
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.Bytes);
        Assert.Equal(5, outbox.DroppedAge);
        Assert.Equal(new OutboxEntry(6, 4), outbox.Append(Message("cam1", 100)));
    }

    [Fact]
    public void After_the_clock_steps_back_new_messages_keep_the_newest_stamp_so_the_oldest_still_go_first()
    {
        var t = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new SettableClock { Now = t };
        var options = _folder.Options with { MaxAge = TimeSpan.FromHours(1) };
        using (var outbox = MqttOutbox.Open(options, clock))
        {
            outbox.Append(Message("cam1"));
            clock.Now = t.AddHours(-1);
            outbox.Append(Message("cam1"));
            clock.Now = t.AddMinutes(30);
            outbox.Append(Message("cam1"));

            Assert.Equal([t, t, t.AddMinutes(30)], outbox.Read(0, long.MaxValue, 10).Select(m => m.Created));
            clock.Now = t.AddHours(1).AddMilliseconds(1);
            Assert.Equal(2, outbox.Trim());
            Assert.Equal(["cam1:3"], outbox.Read(0, long.MaxValue, 10).Select(Text));
        }

        clock.Now = t.AddHours(-2);
        using var reopened = MqttOutbox.Open(options, clock);
        reopened.Append(Message("cam1"));
        Assert.Equal([t.AddMinutes(30), t.AddMinutes(30)], reopened.Read(0, long.MaxValue, 10).Select(m => m.Created));
    }

    [Fact]
    public void Drop_counters_count_and_bytes_survive_reopening_and_match_the_file()
    {
        var clock = new SteppedTimeProvider();
        clock.Advance(TimeSpan.FromDays(20_000));
        var options = _folder.Options with { MaxBytes = 5000, MaxAge = TimeSpan.FromMinutes(10) };
        using (var outbox = MqttOutbox.Open(options, clock))
        {
            outbox.Append(Enumerable.Range(0, 7).Select(_ => Message("cam1", 1000)).ToArray()); // ids 1-2 dropped full
            clock.Advance(TimeSpan.FromMinutes(11));
            outbox.Append([Message("cam1", 700), Message("cam2", 300)]); // id 3 dropped full
            Assert.Equal(4, outbox.Trim()); // ids 4-7, the rest of the first batch
            Assert.Equal(1, outbox.Remove([9])); // the 300-byte one
        }

        Assert.Equal(1L, _folder.Query<long>("SELECT count(*) FROM messages"));
        Assert.Equal(700L, _folder.Query<long>("SELECT sum(length(payload)) FROM messages"));
        using var reopened = MqttOutbox.Open(options, clock);

        Assert.Equal(3, reopened.DroppedFull);
        Assert.Equal(4, reopened.DroppedAge);
        Assert.Equal(1, reopened.Count);
        Assert.Equal(700, reopened.Bytes);
        Assert.Equal(9, reopened.MaxId);

        reopened.Append(Enumerable.Range(0, 5).Select(_ => Message("cam2", 1000)).ToArray());
        Assert.Equal(4, reopened.DroppedFull); // id 8 (700 bytes) made room
        Assert.Equal(5000, reopened.Bytes);
        Assert.Equal(10, reopened.Read(0, long.MaxValue, 10)[0].Id);
    }

    /// <summary>A clock that can be set backwards, as a wrongly set system clock is corrected.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
