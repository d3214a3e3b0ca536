using System.Device.Gpio;
using System.Globalization;
using EdgeVision.Gpio;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Service.Configuration;

namespace EdgeVision.Service.Cli;

/// <summary>
/// <c>edgevision bench gpio</c>: parts triggered on the simulated <c>trigger</c> input at a fixed rate, each imaged by a
/// triggered synthetic camera and inspected with a recipe, while extra free-running pipelines keep every core busy.
/// Two reject paths are measured over the same load: the timed reject queue (output edge timing error, actual −
/// scheduled, fail-safes) and the untimed path without a queue, where a failed part's pulse fires when its result
/// arrives (trigger edge → output edge latency). GC activity is printed for each: what a line would see, measured
/// rather than assumed.
/// </summary>
public static partial class GpioBenchCommand
{
    private const int RejectPin = 17;
    private const int TriggerPin = 27;

    /// <summary>Runs both measurements; returns the exit code.</summary>
    public static int Run(string recipePath, int parts, double rate, double delayMs, int loadPipelines, TextWriter stdout) =>
        Run(recipePath, parts, rate, delayMs, loadPipelines, "both", stdout);

    /// <summary>Runs the <paramref name="path"/> measurement (<c>timed</c>, <c>untimed</c> or <c>both</c>); returns the exit code.</summary>
    public static int Run(string recipePath, int parts, double rate, double delayMs, int loadPipelines, string path, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (path is not ("timed" or "untimed" or "both"))
        {
            stdout.WriteLine($"--path '{path}' is not one of: timed, untimed, both");
            return 2;
        }

        if (parts < 1 || !double.IsFinite(rate) || rate <= 0 || !double.IsFinite(delayMs) || delayMs <= 0 || loadPipelines < 0)
        {
            stdout.WriteLine("--parts must be at least 1, --rate and --delay-ms positive, --load 0 or more");
            return 2;
        }

        var recipe = RecipeLoader.Load(recipePath);
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"{parts} parts at {rate} parts/s, recipe {recipe.Name}, {loadPipelines} extra free-running pipeline(s) on {Environment.ProcessorCount} cores"));
        if (path is "timed" or "both")
        {
            RunTimed(recipe, parts, rate, delayMs, loadPipelines, stdout);
        }

        if (path is "untimed" or "both")
        {
            var f = MeasureUntimedPath(recipe, parts, rate, loadPipelines);
            stdout.WriteLine(string.Create(c, $"untimed path (no reject queue: a failed part's pulse fires when its result arrives), {f.Seconds:F1} s, {f.LoadFramesPerSecond:F1} frames/s of load:"));
            stdout.WriteLine(string.Create(c, $"  triggers accepted {f.Triggers}, results {f.Results}, parts without a result (frame dropped, pipeline behind) {f.LostParts}, failed parts {f.FailedParts}, reject output edges {f.OutputEdges}{(f.OutputEdges == f.FailedParts ? string.Empty : " (mismatch: no latency figures)")}"));
            stdout.WriteLine(string.Create(c, $"  trigger edge → reject output edge over {f.Latency.Count} failed parts: p50 {f.Latency.P50:F2} ms, p99 {f.Latency.P99:F2} ms, max {f.Latency.Max:F2} ms"));
            stdout.WriteLine(string.Create(c, $"  of which trigger edge → result: p50 {f.ToResult.P50:F2} ms, p99 {f.ToResult.P99:F2} ms, max {f.ToResult.Max:F2} ms; result → output edge (pulse thread hand-off): p50 {f.Handoff.P50:F3} ms, p99 {f.Handoff.P99:F3} ms, max {f.Handoff.Max:F3} ms"));
            stdout.WriteLine($"  GC during the run: gen0 {f.Gc0}, gen1 {f.Gc1}, gen2 {f.Gc2}");
        }

        return 0;
    }

    private static void RunTimed(Recipe recipe, int parts, double rate, double delayMs, int loadPipelines, TextWriter stdout)
    {
        var queueSettings = new RejectQueueSettings(false, TimeSpan.FromMilliseconds(delayMs), 0, TimeSpan.FromMilliseconds(Math.Min(20, delayMs / 4)), 0, "reject", 256, TimeSpan.FromMilliseconds(3));
        using var rig = new BenchRig(recipe, queueSettings, loadPipelines, parts);
        var run = rig.Drive(parts, rate, () => rig.Io.Queue!.GetStatistics() is { Depth: 0 } s && s.Opened >= rig.Io.GpioTriggers);
        var queue = rig.Io.Queue!;
        var s = queue.GetStatistics();
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"timed path (reject queue, reject {delayMs} ms after the trigger), {run.Seconds:F1} s, {run.LoadFramesPerSecond:F1} frames/s of load:"));
        stdout.WriteLine(string.Create(c, $"  triggers accepted {rig.Io.GpioTriggers}, refused {rig.Io.RefusedTriggers}; queue opened {s.Opened}, delivered {s.Delivered}, rejects {s.ActuatedRejects}, fail-safes {s.FailSafes}, late results {s.LateResults}, overflows {s.Overflows}"));
        stdout.WriteLine(string.Create(c, $"  output edge timing error (actual − scheduled) over {s.TimingSamples} actions: p50 {s.TimingErrorP50:F1} µs, p99 {s.TimingErrorP99:F1} µs, max {s.TimingErrorMax:F1} µs"));
        stdout.WriteLine($"  GC during the run: gen0 {run.Gc0}, gen1 {run.Gc1}, gen2 {run.Gc2}; the timing thread allocated {queue.TimingThreadAllocatedBytes} B in all");
    }

    /// <summary>
    /// Measures the untimed reject path (no reject queue) over <paramref name="parts"/> parts triggered at
    /// <paramref name="rate"/> on the simulated driver: for each failed part, the time from its trigger edge to the
    /// rising edge of its reject pulse, split at the moment its result reached the station I/O.
    /// </summary>
    public static UntimedPathFigures MeasureUntimedPath(Recipe recipe, int parts, double rate, int loadPipelines)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var results = new ResultTimes();
        using var rig = new BenchRig(recipe, null, loadPipelines, parts, results);
        var run = rig.Drive(parts, rate, () => results.Count + rig.LostParts >= rig.Io.GpioTriggers && rig.Driver.CountFallingEdges(RejectPin) >= results.Failed);
        rig.Io.Stop(TimeSpan.FromSeconds(5)); // issues pulses still queued

        var edges = rig.Driver.Transitions(RejectPin).Where(t => t.IsRising).Select(t => t.Timestamp).ToArray();
        var failed = results.FailedParts();
        var matched = edges.Length == failed.Count ? failed.Count : 0;
        var latency = new double[matched];
        var toResult = new double[matched];
        var handoff = new double[matched];
        var ms = 1000.0 / TimeProvider.System.TimestampFrequency;
        for (var k = 0; k < matched; k++)
        {
            // One pipeline and one pulse thread, both first in first out: the k-th pulse is the k-th failed part's.
            var (id, arrived) = failed[k];
            var trigger = rig.TriggerTicks[id];
            latency[k] = (edges[k] - trigger) * ms;
            toResult[k] = (arrived - trigger) * ms;
            handoff[k] = (edges[k] - arrived) * ms;
        }

        return new UntimedPathFigures(
            rig.Io.GpioTriggers,
            results.Count,
            rig.LostParts,
            failed.Count,
            edges.Length,
            Percentiles.Of(latency),
            Percentiles.Of(toResult),
            Percentiles.Of(handoff),
            run.Seconds,
            run.LoadFramesPerSecond,
            run.Gc0,
            run.Gc1,
            run.Gc2);
    }

    /// <summary>Drives the simulated trigger input: a 1 ms high pulse per part at the part rate.</summary>
    private static void Trigger(SimulatedGpioDriver driver, int parts, double rate)
    {
        var period = TimeSpan.FromSeconds(1 / rate);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var p = 0; p < parts; p++)
        {
            var wait = (period * p) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            driver.InjectInputLevel(TriggerPin, PinValue.High);
            Thread.Sleep(1);
            driver.InjectInputLevel(TriggerPin, PinValue.Low);
        }
    }
}
