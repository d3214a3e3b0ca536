using BenchmarkDotNet.Attributes;
using EdgeVision.Mqtt.Outbox;

namespace EdgeVision.Benchmarks;

/// <summary>
/// Cost of the persisted MQTT outbox per 1 KB message: appending in batches of 1 or 64, the live round trip
/// (append, read, remove), draining a backlog (read and remove 64 at a time), and appending while another thread
/// drains (what the shared lock costs the writer). Each iteration starts from a fresh file on the test machine's disk
/// (not tmpfs, so <see cref="OutboxDurability.Full"/> pays its real flushes) and handles 64 × 64 = 4096 messages.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8, invocationCount: Invocations)]
public class OutboxBenchmarks
{
    private const int Invocations = 64;
    private const int MessagesPerInvoke = 64;

    private readonly byte[] _payload = new byte[1024];
    private OutboxAppend[] _batch = [];
    private string _folder = "";
    private MqttOutbox _outbox = null!;
    private Thread? _drainer;
    private volatile bool _draining;

    /// <summary>Messages per Append call.</summary>
    [Params(1, 64)]
    public int Batch { get; set; } = 1;

    /// <summary>Flush policy: Normal (no flush per commit) or Full (fsync of the WAL per commit).</summary>
    [Params(OutboxDurability.Normal, OutboxDurability.Full)]
    public OutboxDurability Durability { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(3).NextBytes(_payload);
        _batch = Enumerable.Range(0, Batch).Select(i => new OutboxAppend($"cam{1 + (i % 2)}", "edgevision/station-1/cam1/result", _ => _payload)).ToArray();
        _folder = Path.Combine(Path.GetTempPath(), "edgevision-outbox-bench-" + Guid.NewGuid().ToString("N"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [IterationSetup(Targets = [nameof(Append), nameof(AppendReadRemove)])]
    public void FreshOutbox() => _outbox = MqttOutbox.Open(new OutboxOptions { Path = NextFile(), Durability = Durability });

    [IterationSetup(Target = nameof(ReadRemove))]
    public void FreshBacklog()
    {
        FreshOutbox();
        for (var i = 0; i < Invocations * MessagesPerInvoke / _batch.Length; i++)
        {
            _outbox.Append(_batch);
        }
    }

    [IterationSetup(Target = nameof(AppendWhileDraining))]
    public void FreshOutboxAndDrainer()
    {
        FreshOutbox();
        _draining = true;
        _drainer = new Thread(Drain) { IsBackground = true };
        _drainer.Start();
    }

    [IterationCleanup]
    public void CloseOutbox()
    {
        _draining = false;
        _drainer?.Join();
        _drainer = null;
        _outbox.Dispose();
        File.Delete(_outbox.FilePath);
    }

    /// <summary>Appends 64 messages in batches of <see cref="Batch"/> (the outbox grows; nothing is read).</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void Append()
    {
        for (var i = 0; i < MessagesPerInvoke; i += _batch.Length)
        {
            _outbox.Append(_batch);
        }
    }

    /// <summary>The live path with a broker that keeps up: append 64, read them back, remove them.</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public int AppendReadRemove()
    {
        Append();
        var read = _outbox.Read(0, long.MaxValue, MessagesPerInvoke);
        Span<long> ids = stackalloc long[read.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = read[i].Id;
        }

        return _outbox.Remove(ids);
    }

    /// <summary>Draining a backlog of 4096: read the oldest 64 and remove them (the outbox's share of the drain rate).</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public int ReadRemove()
    {
        var read = _outbox.Read(0, long.MaxValue, MessagesPerInvoke);
        Span<long> ids = stackalloc long[read.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = read[i].Id;
        }

        return _outbox.Remove(ids);
    }

    /// <summary><see cref="Append"/> while a second thread reads and removes as fast as it can (the lock's cost to the writer).</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void AppendWhileDraining() => Append();

    private void Drain()
    {
        long position = 0;
        while (_draining)
        {
            var read = _outbox.Read(position, long.MaxValue, MessagesPerInvoke);
            if (read.Count == 0)
            {
                Thread.Yield();
                continue;
            }

            position = read[^1].Id;
            _outbox.Remove(read.Select(m => m.Id).ToArray());
        }
    }

    private string NextFile() => Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".db");
}
