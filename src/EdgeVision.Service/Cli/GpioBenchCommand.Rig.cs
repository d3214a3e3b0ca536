using System.Device.Gpio;
using System.Diagnostics;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Configuration;
using EdgeVision.Service.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Cli;

/// <summary>Nearest-rank percentiles of a set of times, in milliseconds.</summary>
/// <param name="Count">How many values.</param>
/// <param name="Min">Smallest value (0 when there are none).</param>
/// <param name="P50">Median.</param>
/// <param name="P99">99th percentile, nearest rank.</param>
/// <param name="Max">Largest value.</param>
public readonly record struct LatencyFigures(int Count, double Min, double P50, double P99, double Max);

/// <summary>What <c>bench gpio</c> measured on the untimed reject path.</summary>
/// <param name="Triggers">Trigger edges the station accepted.</param>
/// <param name="Results">Results that reached the station I/O.</param>
/// <param name="LostParts">Triggered parts without a result: frame dropped by the ring because the pipeline fell behind, or never captured.</param>
/// <param name="FailedParts">Failed results (each asks for one reject pulse).</param>
/// <param name="OutputEdges">Rising edges of the reject line; equal to <paramref name="FailedParts"/> when every pulse was issued.</param>
/// <param name="Latency">Trigger edge → reject output edge, per failed part (empty when the edges do not match the parts).</param>
/// <param name="ToResult">Trigger edge → result at the station I/O, per failed part.</param>
/// <param name="Handoff">Result at the station I/O → reject output edge (the pulse thread's hand-off), per failed part.</param>
/// <param name="Seconds">Length of the run.</param>
/// <param name="LoadFramesPerSecond">Frames per second the extra free-running pipelines inspected.</param>
/// <param name="Gc0">Generation 0 collections during the run.</param>
/// <param name="Gc1">Generation 1 collections during the run.</param>
/// <param name="Gc2">Generation 2 collections during the run.</param>
public sealed record UntimedPathFigures(
    long Triggers,
    long Results,
    long LostParts,
    int FailedParts,
    int OutputEdges,
    LatencyFigures Latency,
    LatencyFigures ToResult,
    LatencyFigures Handoff,
    double Seconds,
    double LoadFramesPerSecond,
    int Gc0,
    int Gc1,
    int Gc2);

public static partial class GpioBenchCommand
{
    private readonly record struct RunFigures(double Seconds, double LoadFramesPerSecond, int Gc0, int Gc1, int Gc2);

    /// <summary>
    /// The bench's station: a simulated chip with the reject and trigger lines, the station I/O (with or without the
    /// reject queue), one triggered synthetic camera and the extra free-running load pipelines.
    /// </summary>
    private sealed class BenchRig : IDisposable
    {
        private readonly GpioController _controller;
        private readonly TriggerQueue _triggers = new(256);
        private readonly List<CameraRunner> _runners = [];
        private long _nextId;

        public BenchRig(Recipe recipe, RejectQueueSettings? queue, int loadPipelines, int parts, IResultSink? recorder = null)
        {
            // Two transitions per trigger and per pulse: keep them all.
            Driver = new SimulatedGpioDriver(transitionCapacity: Math.Max(SimulatedGpioDriver.DefaultTransitionCapacity, (4 * parts) + 64));
            _controller = new GpioController(Driver);
            TriggerTicks = new long[parts + 1];
            var settings = new GpioSettings(GpioDriverKind.Simulated, 0, new OutputLineSettings("reject", RejectPin, false, false, false, TimeSpan.FromMilliseconds(3)))
            {
                Lines = [LineSettings.Output(WellKnownLines.Reject, "gpiochip0", RejectPin), LineSettings.Input(WellKnownLines.Trigger, "gpiochip0", TriggerPin)],
                TriggerDebounce = TimeSpan.FromMilliseconds(0.1),
                RejectQueue = queue,
            };
            Io = new StationIo(settings, _controller, TimeProvider.System, NullLogger.Instance, ts =>
            {
                var id = Interlocked.Increment(ref _nextId);
                if (id < TriggerTicks.Length)
                {
                    TriggerTicks[id] = ts;
                }

                return _triggers.Fire(id, ts) ? id : -1;
            });

            var options = new SyntheticConveyorOptions { FramesPerSecond = 0, Seed = 7, DefectRate = 0.3 };
            IResultSink[] sinks = recorder is null ? [Io] : [recorder, Io];
            _runners.Add(new CameraRunner(new SyntheticConveyorCamera("triggered", options), new InspectionPipeline(recipe, "bench", "triggered"), 8, sinks, new LiveView(), NullLogger.Instance, TimeProvider.System, _triggers, TimeSpan.Zero));
            for (var i = 0; i < loadPipelines; i++)
            {
                _runners.Add(new CameraRunner(new SyntheticConveyorCamera($"load{i}", options with { Seed = (ulong)(100 + i) }), new InspectionPipeline(recipe, "bench", $"load{i}"), 4, [], new LiveView(), NullLogger.Instance, TimeProvider.System));
            }
        }

        public SimulatedGpioDriver Driver { get; }

        /// <summary>The triggered camera.</summary>
        public CameraRunner Camera => _runners[0];

        /// <summary>Triggered parts that can have no result: their frame was dropped (pipeline behind) or never taken.</summary>
        public long LostParts => Camera.Dropped + Camera.MissedTriggers;

        public StationIo Io { get; }

        /// <summary>The trigger timestamp of each part id (<see cref="TimeProvider.System"/> ticks).</summary>
        public long[] TriggerTicks { get; }

        /// <summary>Starts the cameras, triggers the parts, waits (at most 30 s) until <paramref name="done"/>, and stops the cameras.</summary>
        public RunFigures Drive(int parts, double rate, Func<bool> done)
        {
            foreach (var r in _runners)
            {
                r.Start();
            }

            var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var clock = Stopwatch.StartNew();
            Trigger(Driver, parts, rate);
            var deadline = Stopwatch.StartNew();

            // The last release must be debounced (so the last part's edge was taken) before "done" can be judged.
            while ((Io.Trigger!.ReadLevel() || !done()) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(20);
            }

            var elapsed = clock.Elapsed;
            var gc1 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var loadFrames = 0L;
            foreach (var r in _runners)
            {
                r.Stop(TimeSpan.FromSeconds(5));
                loadFrames += r.Name.StartsWith("load", StringComparison.Ordinal) ? r.Results : 0;
            }

            return new RunFigures(elapsed.TotalSeconds, loadFrames / elapsed.TotalSeconds, gc1.Item1 - gc0.Item1, gc1.Item2 - gc0.Item2, gc1.Item3 - gc0.Item3);
        }

        public void Dispose()
        {
            foreach (var r in _runners)
            {
                r.Dispose();
            }

            Io.Dispose();
            _triggers.Dispose();
            _controller.Dispose();
            Driver.Dispose();
        }
    }

    /// <summary>Records when each triggered part's result reached the sinks, in order; placed before the station I/O.</summary>
    private sealed class ResultTimes : IResultSink
    {
        private readonly Lock _lock = new();
        private readonly List<(long Id, long Arrived)> _failed = [];
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public int Failed
        {
            get
            {
                lock (_lock)
                {
                    return _failed.Count;
                }
            }
        }

        public void Offer(InspectionResult result)
        {
            var now = TimeProvider.System.GetTimestamp();
            if (result.Verdict == Verdict.Fail)
            {
                lock (_lock)
                {
                    _failed.Add((result.TriggerId, now));
                }
            }

            Interlocked.Increment(ref _count);
        }

        public List<(long Id, long Arrived)> FailedParts()
        {
            lock (_lock)
            {
                return [.. _failed];
            }
        }
    }

    private static class Percentiles
    {
        public static LatencyFigures Of(double[] values)
        {
            if (values.Length == 0)
            {
                return default;
            }

            var sorted = values.Order().ToArray();
            return new LatencyFigures(sorted.Length, sorted[0], Rank(sorted, 0.5), Rank(sorted, 0.99), sorted[^1]);
        }

        private static double Rank(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
