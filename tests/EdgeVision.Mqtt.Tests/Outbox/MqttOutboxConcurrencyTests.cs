using EdgeVision.Mqtt.Outbox;
using static EdgeVision.Mqtt.Tests.Outbox.OutboxFolder;

namespace EdgeVision.Mqtt.Tests.Outbox;

/// <summary>One thread appending while another reads and removes, as the publisher will use the outbox.</summary>
public sealed class MqttOutboxConcurrencyTests : IDisposable
{
    private const int Total = 20_000;
    private static readonly string[] Streams = ["cam1", "cam2", "cam3"];

    private readonly OutboxFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Appending_while_another_thread_reads_and_removes_loses_nothing_and_duplicates_nothing()
    {
        using var outbox = MqttOutbox.Open(_folder.Options);
        var appended = new List<(string Stream, OutboxEntry Entry)>(Total);
        var received = new List<OutboxMessage>(Total);
        var writerDone = false;

        var writer = Task.Run(() =>
        {
            var random = new Random(11);
            while (appended.Count < Total)
            {
                var batch = Enumerable.Range(0, Math.Min(random.Next(1, 65), Total - appended.Count))
                    .Select(_ => Message(Streams[random.Next(Streams.Length)], random.Next(10, 300)))
                    .ToArray();
                var entries = outbox.Append(batch);
                appended.AddRange(batch.Zip(entries, (m, e) => (m.Stream, e)));
            }

            Volatile.Write(ref writerDone, true);
        });
        var reader = Task.Run(() =>
        {
            long position = 0;
            while (true)
            {
                var finished = Volatile.Read(ref writerDone); // read before the outbox: nothing can follow a final empty read
                var page = outbox.Read(position, long.MaxValue, 100);
                if (page.Count == 0)
                {
                    if (finished)
                    {
                        return;
                    }

                    Thread.Yield();
                    continue;
                }

                received.AddRange(page);
                position = page[^1].Id;
                Assert.Equal(page.Count, outbox.Remove(page.Select(m => m.Id).ToArray()));
            }
        });
        await Task.WhenAll(writer, reader).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(Total, received.Count);
        Assert.Equal(appended.Select(a => a.Entry.Id), received.Select(m => m.Id)); // every id once, in append order
        foreach (var stream in Streams)
        {
            var sequences = received.Where(m => m.Stream == stream).Select(m => m.Sequence).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences); // no gap, no duplicate
            Assert.Equal(sequences.Count, outbox.LastSequence(stream));
        }

        Assert.All(received, m => Assert.Equal($"{m.Stream}:{m.Sequence}", Text(m)));
        Assert.Equal(0, outbox.Count);
        Assert.Equal(0, outbox.Bytes);
        Assert.Equal(0, outbox.DroppedFull);
        Assert.Equal(0L, _folder.Query<long>("SELECT count(*) FROM messages"));
    }
}
