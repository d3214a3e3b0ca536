using System.Device.Gpio;
using EdgeVision.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;
using EdgeVision.Inspection.Results;
using EdgeVision.Service.Configuration;
using EdgeVision.Service.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Service.Tests.Runtime;

public sealed class StationIoTests : IDisposable
{
    private const int Reject = 17, Ready = 5, Busy = 6, Pass = 13, ResultValid = 19, Green = 20, Red = 21, Trigger = 27;

    private readonly SteppedTimeProvider _clock = new();
    private readonly SimulatedGpioDriver _driver;
    private readonly GpioController _controller;
    private readonly List<long> _fired = [];
    private readonly SemaphoreSlim _firedSignal = new(0);

    public StationIoTests()
    {
        _driver = new SimulatedGpioDriver(timeProvider: _clock);
        _controller = new GpioController(_driver);
    }

    [Fact]
    public void A_bouncing_trigger_edge_fires_once_with_its_first_transition_time_and_raises_busy()
    {
        using var io = CreateStation();
        var t0 = _clock.GetTimestamp();

        _driver.InjectInputLevel(Trigger, PinValue.High);
        _clock.Advance(TimeSpan.FromMicroseconds(20));
        _driver.InjectInputLevel(Trigger, PinValue.Low);
        _clock.Advance(TimeSpan.FromMicroseconds(20));
        _driver.InjectInputLevel(Trigger, PinValue.High);
        Assert.Empty(_fired);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([t0], _fired);
        Assert.Equal(1, io.GpioTriggers);
        Assert.Equal(PinValue.High, _driver.ProbeLevel(Busy));
        Assert.Equal(PinValue.High, _driver.ProbeLevel(Ready));
        Assert.Equal(PinValue.High, _driver.ProbeLevel(Green));
    }

    [Fact]
    public void A_failed_triggered_part_pulses_reject_and_answers_the_plc_with_pass_low_and_result_valid()
    {
        using var io = CreateStation();
        _driver.InjectInputLevel(Trigger, PinValue.High);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(_fired);

        io.Offer(Result(Verdict.Fail, triggerId: 1));
        var resultAt = _clock.Now;
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(1));

        var valid = Assert.Single(_driver.Transitions(ResultValid), t => t.IsRising);
        Assert.Equal(resultAt + 1000, valid.Timestamp); // 1 ms setup after the pass level was set
        Assert.Equal(PinValue.Low, _driver.ProbeLevel(Pass));
        Assert.DoesNotContain(_driver.Transitions(Pass), t => t.Timestamp > valid.Timestamp);
        Assert.Equal(PinValue.Low, _driver.ProbeLevel(Busy));
        WaitUntil(() => _driver.CountFallingEdges(Reject) == 1);
        Assert.Equal(1, io.Rejected);
    }

    [Fact]
    public void Consecutive_rejects_turn_the_tower_red_and_stopping_leaves_every_output_at_its_safe_level()
    {
        using var io = CreateStation();
        for (var i = 0; i < 3; i++)
        {
            io.Offer(Result(Verdict.Fail, triggerId: 0));
        }

        Assert.Equal(TowerLamp.Red, io.Tower!.Lamp);
        io.Stop(TimeSpan.FromSeconds(5));

        foreach (var pin in new[] { Reject, Ready, Busy, Pass, ResultValid, Green, Red })
        {
            Assert.Equal(pin == Pass ? PinValue.High : PinValue.Low, _driver.ProbeLevel(pin));
        }

        Assert.Equal(3, _driver.CountRisingEdges(Reject));
    }

    [Fact]
    public void While_enable_is_inactive_triggers_are_refused_and_reset_acknowledges_the_red_alarm()
    {
        const string Chip = "gpiochip0";
        var settings = new GpioSettings(GpioDriverKind.Simulated, 0, new OutputLineSettings("reject", Reject, false, false, false, TimeSpan.FromMilliseconds(5)))
        {
            Lines =
            [
                LineSettings.Output(WellKnownLines.Reject, Chip, Reject),
                LineSettings.Output(WellKnownLines.Red, Chip, Red),
                LineSettings.Output(WellKnownLines.Green, Chip, Green),
                LineSettings.Input(WellKnownLines.Trigger, Chip, Trigger),
                LineSettings.Input(WellKnownLines.Enable, Chip, 40),
                LineSettings.Input(WellKnownLines.Reset, Chip, 41),
            ],
            Tower = new TowerLightOptions { ConsecutiveRejects = 2 },
            TriggerDebounce = TimeSpan.FromMilliseconds(0.2),
        };
        using var io = new StationIo(settings, _controller, _clock, NullLogger.Instance, _ => 1);

        Assert.False(io.Enabled); // enable line low at start: not accepting
        _driver.InjectInputLevel(Trigger, PinValue.High);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal((0L, 1L), (io.GpioTriggers, io.RefusedTriggers));

        _driver.InjectInputLevel(40, PinValue.High);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _driver.InjectInputLevel(Trigger, PinValue.Low);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _driver.InjectInputLevel(Trigger, PinValue.High);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(io.Enabled);
        Assert.Equal(1L, io.GpioTriggers);

        io.Offer(Result(Verdict.Fail, triggerId: 0));
        io.Offer(Result(Verdict.Fail, triggerId: 0));
        Assert.Equal(TowerLamp.Red, io.Tower!.Lamp);
        _driver.InjectInputLevel(41, PinValue.High);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(TowerLamp.Green, io.Tower.Lamp);
    }

    [Fact]
    public void A_strobe_edge_latches_the_recipe_code_on_the_bit_lines_and_hands_it_on()
    {
        const string Chip = "gpiochip0";
        var codes = new List<int>();
        var settings = new GpioSettings(GpioDriverKind.Simulated, 0, new OutputLineSettings("reject", Reject, false, false, false, TimeSpan.FromMilliseconds(5)))
        {
            Lines =
            [
                LineSettings.Output(WellKnownLines.Reject, Chip, Reject),
                LineSettings.Input(WellKnownLines.RecipeStrobe, Chip, 30),
                LineSettings.Input("recipe-bit0", Chip, 31),
                LineSettings.Input("recipe-bit1", Chip, 32),
            ],
            TriggerDebounce = TimeSpan.FromMilliseconds(0.2),
        };
        using var io = new StationIo(settings, _controller, _clock, NullLogger.Instance, _ => -1, codes.Add);

        _driver.InjectInputLevel(32, PinValue.High); // code 2 on the bit lines
        _driver.InjectInputLevel(30, PinValue.High);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        _driver.InjectInputLevel(31, PinValue.High); // code 3, but no strobe yet
        _clock.Advance(TimeSpan.FromMilliseconds(5));

        Assert.Equal([2], codes);
    }

    public void Dispose()
    {
        _controller.Dispose();
        _firedSignal.Dispose();
    }

    private StationIo CreateStation()
    {
        const string Chip = "gpiochip0";
        var settings = new GpioSettings(GpioDriverKind.Simulated, 0, new OutputLineSettings("reject", Reject, false, false, false, TimeSpan.FromMilliseconds(5)))
        {
            Lines =
            [
                LineSettings.Output(WellKnownLines.Reject, Chip, Reject),
                LineSettings.Output(WellKnownLines.Ready, Chip, Ready),
                LineSettings.Output(WellKnownLines.Busy, Chip, Busy),
                LineSettings.Output(WellKnownLines.Pass, Chip, Pass, safe: true),
                LineSettings.Output(WellKnownLines.ResultValid, Chip, ResultValid),
                LineSettings.Output(WellKnownLines.Green, Chip, Green),
                LineSettings.Output(WellKnownLines.Red, Chip, Red),
                LineSettings.Input(WellKnownLines.Trigger, Chip, Trigger),
            ],
            Tower = new TowerLightOptions { ConsecutiveRejects = 3 },
            Handshake = new HandshakeOptions { ResultValidWidth = TimeSpan.FromMilliseconds(5), SetupTime = TimeSpan.FromMilliseconds(1) },
            TriggerDebounce = TimeSpan.FromMilliseconds(0.2),
        };
        return new StationIo(settings, _controller, _clock, NullLogger.Instance, ticks =>
        {
            lock (_fired)
            {
                _fired.Add(ticks);
            }

            _firedSignal.Release();
            return _fired.Count;
        });
    }

    private static InspectionResult Result(Verdict verdict, long triggerId) => TestResults.Of(verdict, triggerId);

    private static void WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            Thread.Sleep(5);
        }
    }
}
