using System.Diagnostics;
using EdgeVision.Mqtt;

namespace EdgeVision.Service.Cli;

/// <content>The two phases: offering results, waiting for them at the observer, and what each phase measured.</content>
public static partial class MqttBenchCommand
{
    private sealed partial class BenchRun
    {
        private async Task<PhaseReport> SustainedAsync(MqttStation station, MqttBenchObserver observer, CancellationToken cancellationToken)
        {
            var count = options.Results;
            var before = Snapshot(station, observer);
            var start = Stopwatch.GetTimestamp();
            await OfferAsync(station, 1, count, options.Rate, cancellationToken).ConfigureAwait(false);
            var offered = Stopwatch.GetTimestamp();
            var ackedWhileOffering = station.Publisher.Published - before.Published;
            var (acked, stalled) = await WaitForAsync(station, observer, count, before.Published + count, cancellationToken).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            var after = Snapshot(station, observer);
            var seen = observer.Observe(1, count);
            var latencies = Latencies(observer, 1, count);
            var how = options.Rate > 0
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"offered at {options.Rate:0.#}/s")
                : "offered as fast as the station takes them";
            return new PhaseReport("sustained", count, 1, how)
            {
                Seen = seen,
                Duplicates = seen.Duplicates - before.Seen.Duplicates,
                OutOfOrder = seen.OutOfOrder - before.Seen.OutOfOrder,
                Unexpected = seen.Unexpected - before.Seen.Unexpected,
                ExpectedHistorical = 0,
                Lost = after.Lost - before.Lost,
                Stalled = stalled,
                OfferedSeconds = Seconds(start, offered),
                AckedWhileOffering = ackedWhileOffering,
                AckedSeconds = acked == 0 ? double.NaN : Seconds(start, acked),
                LastArrivalSeconds = seen.LastArrival == 0 ? double.NaN : Seconds(start, seen.LastArrival),
                LatencyMs = latencies,
                CpuWallSeconds = Seconds(start, end),
                StationCpu = after.StationCpu - before.StationCpu,
                BrokerCpu = broker is null ? null : after.BrokerCpu - before.BrokerCpu,
            };
        }

        private async Task<PhaseReport> DrainAsync(MqttStation station, MqttBenchObserver observer, MqttBenchBroker broker, CancellationToken cancellationToken)
        {
            var first = options.Results + 1L;
            var count = options.Backlog;
            var before = Snapshot(station, observer);
            var down = Stopwatch.GetTimestamp();
            await broker.StopAsync(cancellationToken).ConfigureAwait(false);
            await WaitUntilAsync(() => !station.Connection.IsConnected && !observer.IsConnected, "the station and observer to see the broker gone", cancellationToken).ConfigureAwait(false);
            var appendStart = Stopwatch.GetTimestamp();
            await OfferAsync(station, first, count, 0, cancellationToken).ConfigureAwait(false);
            var publisher = station.Publisher;
            var backlog = before.Backlog + count;
            await WaitUntilAsync(() => publisher.Outbox.Count + publisher.Dropped - before.Lost >= backlog, "the results to reach the outbox", cancellationToken).ConfigureAwait(false);
            var appended = Stopwatch.GetTimestamp();
            var outboxBytes = publisher.Outbox.Bytes;

            Interlocked.Exchange(ref _connectedAt, 0);
            var cpu = Snapshot(station, observer); // the drain's CPU is counted from the restart
            var restart = Stopwatch.GetTimestamp();
            await broker.RestartAsync(cancellationToken).ConfigureAwait(false);
            var listening = Stopwatch.GetTimestamp();
            await observer.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var (acked, stalled) = await WaitForAsync(station, observer, first + count - 1, before.Published + count, cancellationToken).ConfigureAwait(false);
            var end = Stopwatch.GetTimestamp();
            var after = Snapshot(station, observer);
            var connected = Interlocked.Read(ref _connectedAt);
            var seen = observer.Observe(first, first + count - 1);
            var origin = connected == 0 ? listening : connected;
            return new PhaseReport("drain", count, first, "offered into the outbox")
            {
                Seen = seen,
                Duplicates = seen.Duplicates - before.Seen.Duplicates,
                OutOfOrder = seen.OutOfOrder - before.Seen.OutOfOrder,
                Unexpected = seen.Unexpected - before.Seen.Unexpected,
                ExpectedHistorical = count,
                Lost = after.Lost - before.Lost,
                Stalled = stalled,
                AckedSeconds = acked == 0 ? double.NaN : Seconds(origin, acked),
                LastArrivalSeconds = seen.LastArrival == 0 ? double.NaN : Seconds(origin, seen.LastArrival),
                LatencyMs = [],
                CpuWallSeconds = Seconds(restart, end),
                StationCpu = after.StationCpu - cpu.StationCpu,
                BrokerCpu = after.BrokerCpu - cpu.BrokerCpu,
                Outage = new OutageFigures(
                    Seconds(down, appendStart),
                    Seconds(appendStart, appended),
                    outboxBytes,
                    Seconds(restart, listening),
                    connected == 0 ? double.NaN : Seconds(listening, connected)),
            };
        }

        /// <summary>
        /// Runs <see cref="MqttBenchOptions.WarmUp"/> results through on a camera stream of their own (its own msgSeq
        /// and topic, not counted), so that the measured phases run compiled code (tiered JIT) and a warm SQLite file.
        /// </summary>
        private async Task WarmUpAsync(MqttStation station, MqttBenchObserver observer, CancellationToken cancellationToken)
        {
            if (options.WarmUp == 0)
            {
                return;
            }

            var start = Stopwatch.GetTimestamp();
            var publisher = station.Publisher;
            for (var i = 1; i <= options.WarmUp; i++)
            {
                while (publisher.Backlog - publisher.Outbox.Count >= Settings.QueueCapacity / 2)
                {
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false); // room in the hand-over queue
                }

                var now = DateTimeOffset.UtcNow;
                station.Offer(templates[i % templates.Length] with { Camera = WarmUpCamera, Sequence = i, FrameSequence = i, CaptureTime = now, CompletedTime = now });
            }

            await WaitUntilAsync(() => observer.Others >= options.WarmUp, "the warm-up results to arrive", cancellationToken).ConfigureAwait(false);
            stdout.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"warm-up: {options.WarmUp} results on camera '{WarmUpCamera}' (its own msgSeq and topic, not counted) in {Stopwatch.GetElapsedTime(start).TotalSeconds:F2} s"));
        }

        /// <summary>
        /// Offers results <paramref name="first"/>.. at <paramref name="rate"/> per second, or, at rate 0, as fast as the
        /// station takes them: while its in-memory hand-over queue is under half full (beyond it the station would drop
        /// its oldest, which a pipeline outrunning its outbox would see).
        /// </summary>
        private async Task OfferAsync(MqttStation station, long first, int count, double rate, CancellationToken cancellationToken)
        {
            var window = Settings.QueueCapacity / 2;
            var clock = Stopwatch.StartNew();
            var offered = 0;
            while (offered < count)
            {
                int due;
                if (rate > 0)
                {
                    due = (int)Math.Min(count, (clock.Elapsed.TotalSeconds * rate) + 1);
                }
                else
                {
                    var queued = station.Publisher.Backlog - station.Publisher.Outbox.Count;
                    due = (int)Math.Min(count, offered + Math.Max(0, window - queued));
                }

                if (due <= offered)
                {
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false); // waiting for the next result's time, or for room
                    continue;
                }

                for (; offered < due; offered++)
                {
                    var seq = first + offered;
                    var now = DateTimeOffset.UtcNow;
                    var result = templates[seq % templates.Length] with { Sequence = seq, FrameSequence = seq, CaptureTime = now, CompletedTime = now };
                    _offeredAt[seq] = Stopwatch.GetTimestamp();
                    station.Offer(result);
                }
            }
        }

        /// <summary>
        /// Waits until the observer holds every msgSeq through <paramref name="through"/> and the broker acknowledged
        /// <paramref name="published"/> results in all (polled every 10 ms), or until nothing moved for a minute.
        /// </summary>
        private static async Task<(long Acked, bool Stalled)> WaitForAsync(MqttStation station, MqttBenchObserver observer, long through, long published, CancellationToken cancellationToken)
        {
            long acked = 0, lastDistinct = -1, lastPublished = -1;
            var progress = Stopwatch.StartNew();
            while (true)
            {
                var distinct = observer.Distinct;
                var done = station.Publisher.Published + station.Publisher.Refused;
                if (acked == 0 && done >= published)
                {
                    acked = Stopwatch.GetTimestamp();
                }

                if (acked != 0 && distinct >= through)
                {
                    return (acked, false);
                }

                if (distinct != lastDistinct || done != lastPublished)
                {
                    lastDistinct = distinct;
                    lastPublished = done;
                    progress.Restart();
                }
                else if (progress.Elapsed > StallLimit)
                {
                    return (acked, true);
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false); // polling the counters
            }
        }

        private double[] Latencies(MqttBenchObserver observer, long from, long through)
        {
            var latencies = new List<double>((int)(through - from + 1));
            for (var msgSeq = from; msgSeq <= through; msgSeq++)
            {
                var arrival = observer.ArrivalOf(msgSeq);
                var seq = observer.ResultSequenceOf(msgSeq);
                if (arrival != 0 && seq > 0 && seq < _offeredAt.Length && _offeredAt[seq] != 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(_offeredAt[seq], arrival).TotalMilliseconds);
                }
            }

            var sorted = latencies.ToArray();
            Array.Sort(sorted);
            return sorted;
        }

        private PhaseSnapshot Snapshot(MqttStation station, MqttBenchObserver observer)
        {
            using var self = Process.GetCurrentProcess();
            return new PhaseSnapshot(
                station.Publisher.Published,
                station.Publisher.Dropped,
                station.Publisher.Backlog,
                observer.Observe(1, 0),
                self.TotalProcessorTime,
                broker?.ProcessorTime ?? TimeSpan.Zero);
        }

        private static double Seconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalSeconds;

        private readonly record struct PhaseSnapshot(long Published, long Lost, long Backlog, ObservedRange Seen, TimeSpan StationCpu, TimeSpan BrokerCpu);
    }
}
