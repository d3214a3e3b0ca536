using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Acquisition.Triggers;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Service.Configuration;
using EdgeVision.Service.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Cli;

/// <summary>
/// <c>edgevision bench gpio</c>: parts triggered on the simulated <c>trigger</c> input at a fixed rate, each imaged by a
/// triggered synthetic camera, inspected with a recipe and rejected through the timed reject queue, while extra
/// free-running pipelines keep every core busy. Prints the queue's timing error (actual − scheduled output edge),
/// fail-safes and the GC activity: what a line would see, measured rather than assumed.
/// </summary>
public static class GpioBenchCommand
{
    private const int RejectPin = 17;
    private const int TriggerPin = 27;

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(string recipePath, int parts, double rate, double delayMs, int loadPipelines, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var recipe = RecipeLoader.Load(recipePath);
        using var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var triggers = new TriggerQueue(256);
        var settings = new GpioSettings(GpioDriverKind.Simulated, 0, new OutputLineSettings("reject", RejectPin, false, false, false, TimeSpan.FromMilliseconds(5)))
        {
            Lines = [LineSettings.Output(WellKnownLines.Reject, "gpiochip0", RejectPin), LineSettings.Input(WellKnownLines.Trigger, "gpiochip0", TriggerPin)],
            TriggerDebounce = TimeSpan.FromMilliseconds(0.1),
            RejectQueue = new RejectQueueSettings(false, TimeSpan.FromMilliseconds(delayMs), 0, TimeSpan.FromMilliseconds(Math.Min(20, delayMs / 4)), 0, "reject", 256, TimeSpan.FromMilliseconds(3)),
        };
        long nextId = 0;
        using var io = new StationIo(settings, controller, TimeProvider.System, NullLogger.Instance, ts =>
        {
            var id = Interlocked.Increment(ref nextId);
            return triggers.Fire(id, ts) ? id : -1;
        });

        var options = new SyntheticConveyorOptions { FramesPerSecond = 0, Seed = 7, DefectRate = 0.3 };
        var runners = new List<CameraRunner>
        {
            new(new SyntheticConveyorCamera("triggered", options), new InspectionPipeline(recipe, "bench", "triggered"), 8, [io], new LiveView(), NullLogger.Instance, TimeProvider.System, triggers, TimeSpan.Zero),
        };
        for (var i = 0; i < loadPipelines; i++)
        {
            runners.Add(new CameraRunner(new SyntheticConveyorCamera($"load{i}", options with { Seed = (ulong)(100 + i) }), new InspectionPipeline(recipe, "bench", $"load{i}"), 4, [], new LiveView(), NullLogger.Instance, TimeProvider.System));
        }

        foreach (var r in runners)
        {
            r.Start();
        }

        var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var period = TimeSpan.FromSeconds(1 / rate);
        var clock = Stopwatch.StartNew();
        for (var p = 0; p < parts; p++)
        {
            var due = period * p;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            driver.InjectInputLevel(TriggerPin, PinValue.High);
            Thread.Sleep(1);
            driver.InjectInputLevel(TriggerPin, PinValue.Low);
        }

        var queue = io.Queue!;
        var deadline = Stopwatch.StartNew();
        while ((queue.GetStatistics().Depth > 0 || queue.GetStatistics().Opened < parts) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(20);
        }

        var elapsed = clock.Elapsed;
        var gc1 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var loadFrames = 0L;
        foreach (var r in runners)
        {
            r.Stop(TimeSpan.FromSeconds(5));
            loadFrames += r.Name.StartsWith("load", StringComparison.Ordinal) ? r.Results : 0;
        }

        var s = queue.GetStatistics();
        var c = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(c, $"{parts} parts at {rate} parts/s, reject {delayMs} ms after the trigger, recipe {recipe.Name}, {loadPipelines} extra free-running pipeline(s) ({loadFrames / elapsed.TotalSeconds:F1} frames/s of load) on {Environment.ProcessorCount} cores, {elapsed.TotalSeconds:F1} s"));
        stdout.WriteLine(string.Create(c, $"triggers accepted {io.GpioTriggers}, refused {io.RefusedTriggers}; queue opened {s.Opened}, delivered {s.Delivered}, rejects {s.ActuatedRejects}, fail-safes {s.FailSafes}, late results {s.LateResults}, overflows {s.Overflows}"));
        stdout.WriteLine(string.Create(c, $"output edge timing error (actual − scheduled) over {s.TimingSamples} actions: p50 {s.TimingErrorP50:F1} µs, p99 {s.TimingErrorP99:F1} µs, max {s.TimingErrorMax:F1} µs"));
        stdout.WriteLine(string.Create(c, $"GC during the run: gen0 {gc1.Item1 - gc0.Item1}, gen1 {gc1.Item2 - gc0.Item2}, gen2 {gc1.Item3 - gc0.Item3}; the timing thread allocated {queue.TimingThreadAllocatedBytes} B in all"));
        foreach (var r in runners)
        {
            r.Dispose();
        }

        return 0;
    }
}
