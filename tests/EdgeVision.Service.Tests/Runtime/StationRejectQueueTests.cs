using System.Device.Gpio;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Configuration;
using EdgeVision.Service.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

public sealed class StationRejectQueueTests : IDisposable
{
    private const int Reject = 17, Trigger = 27, EncoderA = 22, EncoderB = 23;

    private readonly SimulatedGpioDriver _driver = new();
    private readonly GpioController _controller;
    private long _nextId;

    public StationRejectQueueTests() => _controller = new GpioController(_driver);

    [Fact]
    public void In_time_mode_a_failed_part_is_rejected_no_earlier_than_its_trigger_plus_the_delay()
    {
        using var io = Station(new RejectQueueSettings(false, TimeSpan.FromMilliseconds(40), 0, TimeSpan.FromMilliseconds(10), 0, "reject", 16, TimeSpan.FromMilliseconds(5)), countsPerMm: 0);
        var t0 = TimeProvider.System.GetTimestamp();

        var id = io.TriggerAt(t0);
        io.Offer(Result(id, Verdict.Fail));

        WaitUntil(() => _driver.CountFallingEdges(Reject) == 1);
        var rise = _driver.Transitions(Reject).First(t => t.IsRising);
        Assert.True(rise.Timestamp >= t0 + Ticks(40), $"rejected {(rise.Timestamp - t0) * 1000.0 / TimeProvider.System.TimestampFrequency:F2} ms after the trigger, before the 40 ms delay");
        var stats = io.Queue!.GetStatistics();
        Assert.Equal((1L, 1L, 0L), (stats.Opened, stats.ActuatedRejects, stats.FailSafes));
    }

    [Fact]
    public void A_result_missing_at_the_decision_deadline_gets_the_fail_safe_and_a_later_result_is_only_counted()
    {
        using var io = Station(new RejectQueueSettings(false, TimeSpan.FromMilliseconds(30), 0, TimeSpan.FromMilliseconds(10), 0, "reject", 16, TimeSpan.FromMilliseconds(5)), countsPerMm: 0);

        var id = io.TriggerAt(TimeProvider.System.GetTimestamp());
        WaitUntil(() => io.Queue!.GetStatistics().FailSafes == 1 && _driver.CountFallingEdges(Reject) == 1);
        io.Offer(Result(id, Verdict.Pass));

        var stats = io.Queue!.GetStatistics();
        Assert.Equal((1L, 1L), (stats.LateResults, stats.ActuatedRejects));
        Assert.True(io.Queue.LateAlarm);
        Assert.Equal(1, _driver.CountRisingEdges(Reject));
    }

    [Fact]
    public void In_encoder_mode_the_reject_fires_when_the_belt_has_moved_the_distance_and_not_before()
    {
        // 4 counts per mm, gate 10 mm downstream: 40 counts = 10 quadrature cycles.
        using var io = Station(new RejectQueueSettings(true, TimeSpan.Zero, 10, TimeSpan.Zero, 2, "reject", 16, TimeSpan.FromMilliseconds(5)), countsPerMm: 4);
        var id = io.TriggerAt(TimeProvider.System.GetTimestamp());
        io.Offer(Result(id, Verdict.Fail));

        Cycles(9);
        Assert.Equal(36, io.Encoder!.Count);
        Thread.Sleep(50); // the queue polls the belt every millisecond: it must not act short of its count
        Assert.Equal(0, _driver.CountRisingEdges(Reject));

        Cycles(1);
        WaitUntil(() => _driver.CountRisingEdges(Reject) == 1);
        Assert.Equal(40, io.Encoder.Count);
    }

    public void Dispose() => _controller.Dispose();

    private StationIo Station(RejectQueueSettings queue, double countsPerMm)
    {
        const string Chip = "gpiochip0";
        List<LineSettings> lines = [LineSettings.Output(WellKnownLines.Reject, Chip, Reject), LineSettings.Input(WellKnownLines.Trigger, Chip, Trigger)];
        if (countsPerMm > 0)
        {
            lines.Add(LineSettings.Input(WellKnownLines.EncoderA, Chip, EncoderA));
            lines.Add(LineSettings.Input(WellKnownLines.EncoderB, Chip, EncoderB));
        }

        var settings = new GpioSettings(GpioDriverKind.Simulated, 0, new OutputLineSettings("reject", Reject, false, false, false, TimeSpan.FromMilliseconds(5)))
        {
            Lines = lines,
            CountsPerMm = countsPerMm,
            RejectQueue = queue,
        };
        return new StationIo(settings, _controller, TimeProvider.System, NullLogger.Instance, _ => Interlocked.Increment(ref _nextId));
    }

    /// <summary>Forward quadrature cycles: A rises, B rises, A falls, B falls (4 counts each).</summary>
    private void Cycles(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _driver.InjectInputLevel(EncoderA, PinValue.High);
            _driver.InjectInputLevel(EncoderB, PinValue.High);
            _driver.InjectInputLevel(EncoderA, PinValue.Low);
            _driver.InjectInputLevel(EncoderB, PinValue.Low);
        }
    }

    private static long Ticks(double milliseconds) => (long)(milliseconds * TimeProvider.System.TimestampFrequency / 1000);

    private static InspectionResult Result(long triggerId, Verdict verdict) => TestResults.Of(verdict, triggerId);

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            Thread.Sleep(2);
        }
    }
}
