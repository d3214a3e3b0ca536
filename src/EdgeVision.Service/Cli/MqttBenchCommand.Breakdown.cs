using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeVision.Mqtt;
using EdgeVision.Mqtt.Outbox;
using MQTTnet;

namespace EdgeVision.Service.Cli;

/// <content>
/// <c>--breakdown</c>: the publish path's parts timed alone, with the same payloads, QoS and durability, to say where
/// a result's time goes: the outbox's append, read and remove, and publishing over MQTT one at a time (as
/// ResultPublisher does: the next result goes out once the broker acknowledged the previous) or with several in flight.
/// </content>
public static partial class MqttBenchCommand
{
    private const int OutboxBatch = 64; // ResultPublisher's batch size for appends, reads and removes
    private const int BreakdownMax = 20_000;
    private const int Window = 16;

    private sealed partial class BenchRun
    {
        private async Task WriteBreakdownAsync(MqttSettings settings, MqttBenchObserver observer, IReadOnlyList<PhaseReport> phases, CancellationToken cancellationToken)
        {
            var count = Math.Min(BreakdownMax, Math.Max(options.Results, options.Backlog));
            var c = CultureInfo.InvariantCulture;
            stdout.WriteLine();
            stdout.WriteLine(string.Create(c, $"where the time goes: each part alone, {count} results, same payloads, QoS {options.QualityOfService}, durability {options.Durability.ToString().ToLowerInvariant()}"));
            var (append, read, remove) = TimeOutbox(settings, count);
            Line("outbox append (batches of 64: JSON + SQLite commit)", append);
            Line("outbox read (batches of 64)", read);
            Line("outbox remove (batches of 64, one commit)", remove);

            // Published on a result topic the observer also receives (and only counts), as the station's results are.
            await using var client = new MqttPublishTimer(host, port, settings, templates);
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var others = observer.Others;
            async Task<double> TimeAsync(int window, bool batched)
            {
                var microseconds = await client.TimeAsync(count, window, batched, cancellationToken).ConfigureAwait(false);
                await WaitUntilAsync(() => observer.Others - others >= client.Sent, "the observer to receive the breakdown's messages", cancellationToken).ConfigureAwait(false);
                return microseconds;
            }

            var one = await TimeAsync(1, batched: false).ConfigureAwait(false);
            Line("publish, one awaited at a time (as ResultPublisher)", one);
            Line($"publish, sliding window of {Window} in flight", await TimeAsync(Window, batched: false).ConfigureAwait(false));
            Line("publish, batches of 64 sent then awaited together", await TimeAsync(OutboxBatch, batched: true).ConfigureAwait(false));
            var (round, rate, appendRate) = TimeContention(settings, count, one);
            stdout.WriteLine(string.Create(c, $"  outbox read + remove of 64 while another thread appends without pause: {round:F1} ms per round (alone: {(read + remove) * OutboxBatch / 1000:F1} ms);"));
            stdout.WriteLine(string.Create(c, $"    with 64 one-at-a-time publishes between rounds, {rate:F0} results/s got through while {count} were appended at {appendRate:F0}/s"));
            if (client.Failures > 0)
            {
                stdout.WriteLine(string.Create(c, $"  ({client.Failures} of those publishes were not acknowledged)"));
            }

            if (phases.FirstOrDefault(p => p.Name == "drain") is { } drain && double.IsFinite(drain.AckedSeconds))
            {
                var perResult = drain.AckedSeconds * 1e6 / drain.Results;
                stdout.WriteLine(string.Create(c, $"the station drained at {perResult:F0} µs per result; publish one at a time + outbox read + remove = {one + read + remove:F0} µs, of which the broker's round trip is {one:F0} µs."));
            }
        }

        /// <summary>
        /// A writer appending <paramref name="count"/> results without pause (a burst) beside a sender-like reader that
        /// reads and removes 64 at a time with 64 publishes' worth of time between rounds: the reader's time per
        /// round, the results/s it got through meanwhile, and the writer's append rate.
        /// </summary>
        private (double RoundMs, double ReaderRate, double AppendRate) TimeContention(MqttSettings settings, int count, double publishMicroseconds)
        {
            var path = Path.Combine(data, "contention-outbox.db");
            var topic = new TopicScheme(settings.TopicPrefix, settings.Device).Result(Camera);
            var payload = MqttPayloads.Result(templates[0], 1);
            var batch = Enumerable.Range(0, OutboxBatch).Select(_ => new OutboxAppend(Camera, topic, _ => payload)).ToList();
            ContentionReader reader;
            double seconds;
            using (var outbox = MqttOutbox.Open(new OutboxOptions { Path = path, Durability = options.Durability }))
            {
                for (var i = 0; i < 32; i++)
                {
                    outbox.Append(batch); // something to read from the start
                }

                reader = new ContentionReader(outbox, TimeSpan.FromMicroseconds(publishMicroseconds * OutboxBatch));
                var thread = new Thread(reader.Run) { IsBackground = true, Name = "bench sender" };
                thread.Start();
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < count; i += OutboxBatch)
                {
                    outbox.Append(batch);
                }

                seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
                reader.Stop();
                thread.Join();
            }

            foreach (var file in Directory.GetFiles(data, "contention-outbox.db*"))
            {
                File.Delete(file);
            }

            return (reader.Milliseconds / Math.Max(1, reader.Rounds), reader.Rows / seconds, count / seconds);
        }

        private void Line(string what, double microseconds)
            => stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-55} {microseconds,8:F1} µs/result  {1e6 / microseconds,8:F0}/s"));

        /// <summary>Appends, reads and removes <paramref name="count"/> results in a fresh outbox file; µs per result for each.</summary>
        private (double Append, double Read, double Remove) TimeOutbox(MqttSettings settings, int count)
        {
            var path = Path.Combine(data, "breakdown-outbox.db");
            var topic = new TopicScheme(settings.TopicPrefix, settings.Device).Result(Camera);
            long append = 0, read = 0, remove = 0, rows = 0;
            using (var outbox = MqttOutbox.Open(new OutboxOptions { Path = path, Durability = options.Durability }))
            {
                var batch = new List<OutboxAppend>(OutboxBatch);
                for (var i = 0; i < count; i += OutboxBatch)
                {
                    batch.Clear();
                    for (var j = i; j < Math.Min(count, i + OutboxBatch); j++)
                    {
                        var result = templates[j % templates.Length];
                        batch.Add(new OutboxAppend(Camera, topic, seq => MqttPayloads.Result(result, seq)));
                    }

                    var t = Stopwatch.GetTimestamp();
                    outbox.Append(batch);
                    append += Stopwatch.GetTimestamp() - t;
                }

                long after = 0;
                var ids = new long[OutboxBatch];
                while (true)
                {
                    var t = Stopwatch.GetTimestamp();
                    var messages = outbox.Read(after, long.MaxValue, OutboxBatch);
                    read += Stopwatch.GetTimestamp() - t;
                    if (messages.Count == 0)
                    {
                        break;
                    }

                    for (var k = 0; k < messages.Count; k++)
                    {
                        ids[k] = messages[k].Id;
                    }

                    after = messages[^1].Id;
                    rows += messages.Count;
                    t = Stopwatch.GetTimestamp();
                    outbox.Remove(ids.AsSpan(0, messages.Count));
                    remove += Stopwatch.GetTimestamp() - t;
                }
            }

            foreach (var file in Directory.GetFiles(data, "breakdown-outbox.db*"))
            {
                File.Delete(file);
            }

            double Micro(long ticks, long n) => ticks * 1e6 / Stopwatch.Frequency / Math.Max(1, n);
            return (Micro(append, count), Micro(read, rows), Micro(remove, rows));
        }
    }

    /// <summary>The MqttOutbox lock shared by an appending writer and a reading, removing sender, timed (see TimeContention).</summary>
    private sealed class ContentionReader(MqttOutbox outbox, TimeSpan gap)
    {
        private volatile bool _stop;

        public long Rows { get; private set; }

        public long Rounds { get; private set; }

        public double Milliseconds { get; private set; }

        public void Run()
        {
            long after = 0;
            var ids = new long[OutboxBatch];
            while (!_stop)
            {
                var start = Stopwatch.GetTimestamp();
                var messages = outbox.Read(after, long.MaxValue, OutboxBatch);
                if (messages.Count == 0)
                {
                    Thread.Yield();
                    continue;
                }

                for (var k = 0; k < messages.Count; k++)
                {
                    ids[k] = messages[k].Id;
                }

                after = messages[^1].Id;
                outbox.Remove(ids.AsSpan(0, messages.Count));
                Milliseconds += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                Rounds++;
                Rows += messages.Count;
                Thread.Sleep(gap); // the publishes of the round, off the outbox lock
            }
        }

        public void Stop() => _stop = true;
    }

    /// <summary>A plain MQTTnet client publishing result-shaped messages (same topic level, payloads, properties and QoS) and timing it.</summary>
    private sealed class MqttPublishTimer(string host, int port, MqttSettings settings, IReadOnlyList<Inspection.Results.InspectionResult> templates) : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly string _topic = new TopicScheme(settings.TopicPrefix, settings.Device).Result("breakdown");
        private readonly byte[][] _payloads = [.. templates.Select(t => MqttPayloads.Result(t, 1))]; // stored once, as in the outbox
        private long _failures;
        private long _sent;

        public long Failures => Interlocked.Read(ref _failures);

        public long Sent => Interlocked.Read(ref _sent);

        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            var options = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId($"edgevision-bench-breakdown-{Environment.ProcessId}")
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .Build();
            await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Publishes <paramref name="count"/> messages with up to <paramref name="window"/> unacknowledged, either
        /// sliding (the next goes out as soon as any is acknowledged) or <paramref name="batched"/> (a batch goes out,
        /// then all of it is awaited); µs per message. A short warm-up comes first.
        /// </summary>
        public async Task<double> TimeAsync(int count, int window, bool batched, CancellationToken cancellationToken)
        {
            await RunAsync(Math.Min(500, count), window, batched, cancellationToken).ConfigureAwait(false);
            var start = Stopwatch.GetTimestamp();
            await RunAsync(count, window, batched, cancellationToken).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }

            _client.Dispose();
        }

        private async Task RunAsync(int count, int window, bool batched, CancellationToken cancellationToken)
        {
            var inFlight = new List<Task>(window);
            for (var i = 0; i < count; i++)
            {
                if (inFlight.Count == window)
                {
                    if (batched)
                    {
                        await Task.WhenAll(inFlight).ConfigureAwait(false);
                        inFlight.Clear();
                    }
                    else
                    {
                        inFlight.Remove(await Task.WhenAny(inFlight).ConfigureAwait(false));
                    }
                }

                inFlight.Add(PublishAsync(i + 1, cancellationToken));
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }

        private async Task PublishAsync(long sequence, CancellationToken cancellationToken)
        {
            // The message ResultPublisher builds: result JSON with msgSeq, content type, msgSeq and historical properties.
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(_topic)
                .WithPayload(_payloads[sequence % _payloads.Length])
                .WithQualityOfServiceLevel(settings.QualityOfService)
                .WithContentType("application/json")
                .WithUserProperty("msgSeq", Encoding.UTF8.GetBytes(sequence.ToString(CultureInfo.InvariantCulture)))
                .WithUserProperty("historical", "false"u8.ToArray())
                .Build();
            Interlocked.Increment(ref _sent);
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            if (result.ReasonCode is not (MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers))
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }
}
