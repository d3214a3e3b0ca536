using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using EdgeVision.Gpio.Reject;
using Xunit.Abstractions;

namespace EdgeVision.Gpio.Tests.Reject;

/// <summary>
/// Measures the timing error of the real clock on the simulated driver and prints it; asserts nothing about time.
/// Runs only when EDGEVISION_REJECT_FIGURES is set, e.g. <c>EDGEVISION_REJECT_FIGURES=parts=3000,rate=50,load=2</c>
/// (load = threads allocating and burning CPU beside it, to see the scheduler and the GC at work).
/// </summary>
public class RejectQueueRealClockFigures(ITestOutputHelper output)
{
    [FactWhenFiguresAsked]
    public void Timing_error_of_the_real_clock_on_the_simulated_driver()
    {
        Dictionary<string, int> settings = FactWhenFiguresAskedAttribute.Settings();
        int parts = settings.GetValueOrDefault("parts", 10_000);
        int rate = settings.GetValueOrDefault("rate", 50);
        int load = settings.GetValueOrDefault("load", 0);
        TimeSpan interval = TimeSpan.FromSeconds(1.0 / rate);
        var options = new RejectQueueOptions
        {
            Mode = RejectQueueMode.Time,
            Capacity = 256,
            Delay = TimeSpan.FromMilliseconds(100),
            DecisionMargin = TimeSpan.FromMilliseconds(20),
            PulseWidth = interval / 4,
        };
        var driver = new SimulatedGpioDriver(transitionCapacity: (4 * parts) + 16);
        using var controller = new GpioController(driver);
        using var reject = new OutputLine(controller, "reject", RejectRig.RejectPin, false, false, false);
        using var pass = new OutputLine(controller, "pass", RejectRig.PassPin, false, false, false);
        driver.ClearTransitions();
        using var clock = new SystemDeadlineClock();
        using var pacer = new SystemDeadlineClock();
        using var loadStop = new CancellationTokenSource();
        Thread[] loaders = Enumerable.Range(0, load).Select(_ => StartLoad(loadStop.Token)).ToArray();
        int gen0 = GC.CollectionCount(0);
        int gen2 = GC.CollectionCount(2);
        long[] scheduled = new long[parts];
        double[] pacerLate = new double[parts];
        RejectQueueStatistics stats;
        long timingThreadBytes;
        using (var queue = new RejectQueue(options, clock, reject, pass))
        {
            long start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
            long step = (long)(interval.TotalSeconds * Stopwatch.Frequency);
            for (int i = 0; i < parts; i++)
            {
                pacer.WaitUntil(start + (i * step), precise: true);
                long now = Stopwatch.GetTimestamp();
                pacerLate[i] = (now - (start + (i * step))) * 1e6 / Stopwatch.Frequency;
                scheduled[i] = now + (long)(options.Delay.TotalSeconds * Stopwatch.Frequency);
                queue.TryOpen(i, now, 0);
                queue.Deliver(i, pass: i % 2 == 1);
            }

            Thread.Sleep(options.Delay + TimeSpan.FromMilliseconds(200));
            stats = queue.GetStatistics();
            timingThreadBytes = queue.TimingThreadAllocatedBytes;
        }

        loadStop.Cancel();
        foreach (Thread loader in loaders)
        {
            loader.Join();
        }

        // Cross-check from the driver's own edge timestamps: rising edges of both lines against the schedule.
        long[] edges = driver.Transitions(RejectRig.RejectPin).Concat(driver.Transitions(RejectRig.PassPin))
            .Where(t => t.IsRising).Select(t => t.Timestamp).Order().ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{parts} parts at {rate}/s, load threads {load}, Stopwatch {Stopwatch.Frequency} Hz, {Environment.ProcessorCount} cores"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queue stats: rejects {stats.ActuatedRejects}, passes {stats.ActuatedPasses}, fail-safes {stats.FailSafes}, overflows {stats.Overflows}, samples {stats.TimingSamples}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"queue timing error µs: p50 {stats.TimingErrorP50:F1}, p99 {stats.TimingErrorP99:F1}, max {stats.TimingErrorMax:F1}"));
        // A control: how late the test thread itself woke for each trigger, with the same sleep-then-spin clock.
        Array.Sort(pacerLate);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"control, trigger thread lateness µs: p50 {Rank(pacerLate, 50):F1}, p99 {Rank(pacerLate, 99):F1}, max {pacerLate[^1]:F1}"));
        if (edges.Length == parts)
        {
            double[] errors = edges.Zip(scheduled, (e, s) => (e - s) * 1e6 / Stopwatch.Frequency).Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"driver edge − schedule µs: p50 {Rank(errors, 50):F1}, p99 {Rank(errors, 99):F1}, max {errors[^1]:F1}, min {errors[0]:F1}"));
        }
        else
        {
            // An action later than the gap to the next part's merges two pulses into one: edges no longer pair with parts.
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"driver: {edges.Length} rising edges for {parts} parts (late actions merged pulses); no edge cross-check"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GCs during the run: gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}; timing thread allocated {timingThreadBytes} bytes in all"));
        Assert.Equal(parts, stats.ActuatedRejects + stats.ActuatedPasses);
    }

    private static double Rank(double[] sorted, int percent) => sorted[(int)(((long)percent * sorted.Length + 99) / 100) - 1];

    private static Thread StartLoad(CancellationToken stop)
    {
        var thread = new Thread(() =>
        {
            var keep = new List<byte[]>();
            while (!stop.IsCancellationRequested)
            {
                keep.Add(new byte[16_384]);
                if (keep.Count > 2_000)
                {
                    keep.Clear();
                }
            }
        })
        { IsBackground = true };
        thread.Start();
        return thread;
    }
}

/// <summary>A fact that runs only when EDGEVISION_REJECT_FIGURES asks for the figures.</summary>
internal sealed class FactWhenFiguresAskedAttribute : FactAttribute
{
    public FactWhenFiguresAskedAttribute()
    {
        if (Environment.GetEnvironmentVariable("EDGEVISION_REJECT_FIGURES") is null)
        {
            Skip = "Prints timing figures of the real clock; set EDGEVISION_REJECT_FIGURES (e.g. parts=3000,rate=50,load=2) to run.";
        }
    }

    public static Dictionary<string, int> Settings()
    {
        var settings = new Dictionary<string, int>();
        foreach (string pair in (Environment.GetEnvironmentVariable("EDGEVISION_REJECT_FIGURES") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split('=');
            if (parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int value))
            {
                settings[parts[0].Trim()] = value;
            }
        }

        return settings;
    }
}
