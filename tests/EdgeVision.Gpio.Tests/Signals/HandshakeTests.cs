using System.Device.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;

namespace EdgeVision.Gpio.Tests.Signals;

public sealed class HandshakeTests : IDisposable
{
    private const int Ready = 10, Busy = 11, Pass = 12, ResultValid = 13;
    private static readonly TimeSpan Setup = TimeSpan.FromMilliseconds(3);
    private static readonly TimeSpan Width = TimeSpan.FromMilliseconds(20);
    private readonly SteppedTimeProvider _time = new();
    private readonly SimulatedGpioDriver _driver;
    private readonly GpioController _controller;
    private readonly GpioLines _lines;

    public HandshakeTests()
    {
        _driver = new SimulatedGpioDriver(timeProvider: _time);
        _controller = new GpioController(_driver);
        _lines = new GpioLines(
            _controller,
            [
                LineSettings.Output("ready", "0", Ready),
                LineSettings.Output("busy", "0", Busy),
                LineSettings.Output("pass", "0", Pass),
                LineSettings.Output("result-valid", "0", ResultValid, activeLow: true),
            ]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void One_part_gives_busy_then_the_pass_level_setup_time_before_a_result_valid_pulse_of_its_width(bool pass)
    {
        using var handshake = NewHandshake(maxInFlight: 4);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _driver.ClearTransitions();

        long trigger = _time.Now;
        Assert.True(handshake.Trigger());
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(1)); // processing
        long result = _time.Now;
        Assert.True(handshake.Result(pass));
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(1));

        Assert.Equal([(trigger, PinValue.High), (result + Micros(Setup + Width), PinValue.Low)], Edges(Busy));
        Assert.Equal(pass ? [(result, PinValue.High)] : [], Edges(Pass));
        Assert.Equal(pass ? PinValue.High : PinValue.Low, _driver.ProbeLevel(Pass));
        // result-valid is active low: falling edge = pulse starts.
        Assert.Equal([(result + Micros(Setup), PinValue.Low), (result + Micros(Setup + Width), PinValue.High)], Edges(ResultValid));
        Assert.Empty(Edges(Ready));
        Assert.Equal(0, handshake.PartsInFlight);
    }

    [Fact]
    public void Results_of_several_parts_in_flight_pulse_one_after_the_other_with_pass_stable_while_valid()
    {
        using var handshake = NewHandshake(maxInFlight: 4);
        _driver.ClearTransitions();
        bool[] verdicts = [true, false, false, true];
        foreach (bool _ in verdicts)
        {
            Assert.True(handshake.Trigger());
            _time.Advance(TimeSpan.FromMilliseconds(2));
        }

        foreach (bool verdict in verdicts)
        {
            Assert.True(handshake.Result(verdict)); // all results at once: the pulses queue up
        }

        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1));

        IReadOnlyList<GpioTransition> valid = _driver.Transitions(ResultValid);
        Assert.Equal(8, valid.Count);
        for (int part = 0; part < verdicts.Length; part++)
        {
            long rise = valid[2 * part].Timestamp;
            long fall = valid[(2 * part) + 1].Timestamp;
            Assert.Equal(Micros(Width), fall - rise);
            Assert.Equal(verdicts[part], LevelAt(Pass, rise) == PinValue.High);
            long lastPassChange = _driver.Transitions(Pass).Where(t => t.Timestamp <= rise).Select(t => t.Timestamp).DefaultIfEmpty(long.MinValue).Max();
            Assert.True(rise - lastPassChange >= Micros(Setup), $"part {part}: pass changed {rise - lastPassChange} µs before result-valid");
            Assert.DoesNotContain(_driver.Transitions(Pass), t => t.Timestamp > rise && t.Timestamp < fall);
        }

        Assert.Equal(PinValue.Low, _driver.ProbeLevel(Busy));
        Assert.Equal(valid[^1].Timestamp, _driver.Transitions(Busy)[^1].Timestamp);
    }

    [Fact]
    public void Ready_drops_when_disabled_overloaded_or_full_and_refused_triggers_are_counted()
    {
        using var handshake = NewHandshake(maxInFlight: 2);
        Assert.Equal(PinValue.High, _driver.ProbeLevel(Ready));

        handshake.SetEnabled(false);
        Assert.Equal(PinValue.Low, _driver.ProbeLevel(Ready));
        Assert.False(handshake.Trigger());
        handshake.SetEnabled(true);
        handshake.SetOverloaded(true);
        Assert.Equal(PinValue.Low, _driver.ProbeLevel(Ready));
        Assert.False(handshake.Trigger());
        handshake.SetOverloaded(false);

        Assert.True(handshake.Trigger());
        Assert.True(handshake.Trigger());
        Assert.Equal(PinValue.Low, _driver.ProbeLevel(Ready)); // two in flight: full
        Assert.False(handshake.Trigger());
        handshake.Result(true);
        _time.Advance(Setup + Width);

        Assert.Equal(PinValue.High, _driver.ProbeLevel(Ready));
        Assert.Equal(PinValue.High, _driver.ProbeLevel(Busy)); // one part still in flight
        Assert.Equal(3, handshake.MissedTriggers);
    }

    [Fact]
    public void A_result_with_no_part_waiting_is_refused_and_counted()
    {
        using var handshake = NewHandshake(maxInFlight: 2);
        _driver.ClearTransitions();

        Assert.False(handshake.Result(true));

        Assert.Equal(1, handshake.UnexpectedResults);
        Assert.Empty(_driver.Transitions(Pass));
        Assert.Empty(_driver.Transitions(ResultValid));
    }

    [Fact]
    public void A_part_cycle_does_not_allocate_in_steady_state()
    {
        using var handshake = NewHandshake(maxInFlight: 2);
        var step = TimeSpan.FromMilliseconds(30);

        long allocated = SteadyState.AllocatedBytes(
            () =>
            {
                for (int i = 0; i < 200; i++)
                {
                    handshake.Trigger();
                    handshake.Result(i % 2 == 0);
                    _time.Advance(step);
                }
            });

        Assert.Equal(0, allocated);
        Assert.Equal(0, handshake.PartsInFlight);
    }

    public void Dispose()
    {
        _lines.Dispose();
        _controller.Dispose();
    }

    private static long Micros(TimeSpan t) => t.Ticks / 10;

    private Handshake NewHandshake(int maxInFlight) =>
        Handshake.Over(_lines, new HandshakeOptions { SetupTime = Setup, ResultValidWidth = Width, MaxPartsInFlight = maxInFlight }, _time);

    private List<(long, PinValue)> Edges(int pin) => _driver.Transitions(pin).Select(t => (t.Timestamp, t.Value)).ToList();

    private PinValue LevelAt(int pin, long timestamp)
    {
        PinValue level = PinValue.Low;
        foreach (GpioTransition t in _driver.Transitions(pin))
        {
            if (t.Timestamp <= timestamp)
            {
                level = t.Value;
            }
        }

        return level;
    }
}
