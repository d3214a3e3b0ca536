using System.Device.Gpio;
using EdgeVision.Gpio.Lines;
using EdgeVision.Gpio.Signals;

namespace EdgeVision.Gpio.Tests.Signals;

public sealed class TowerLightTests : IDisposable
{
    private const int Red = 1, Yellow = 2, Green = 3, Alarm = 4;
    private readonly SteppedTimeProvider _time = new();
    private readonly SimulatedGpioDriver _driver;
    private readonly GpioController _controller;
    private readonly GpioLines _lines;

    public TowerLightTests()
    {
        _driver = new SimulatedGpioDriver(timeProvider: _time);
        _controller = new GpioController(_driver);
        _lines = new GpioLines(
            _controller,
            [
                LineSettings.Output("red", "0", Red),
                LineSettings.Output("yellow", "0", Yellow, activeLow: true),
                LineSettings.Output("green", "0", Green),
                LineSettings.Output("alarm", "0", Alarm),
            ]);
    }

    public static TheoryData<TowerCondition, TowerLamp> ConditionsAndLamps => new()
    {
        { TowerCondition.None, TowerLamp.Off },
        { TowerCondition.Running, TowerLamp.Green },
        { TowerCondition.Running | TowerCondition.CameraLost, TowerLamp.Yellow },
        { TowerCondition.Running | TowerCondition.BrokerDown, TowerLamp.Yellow },
        { TowerCondition.Backlog, TowerLamp.Yellow },
        { TowerCondition.Running | TowerCondition.BrokerDown | TowerCondition.LateDecision, TowerLamp.Red },
        { TowerCondition.Alarm, TowerLamp.Red },
    };

    [Theory]
    [MemberData(nameof(ConditionsAndLamps))]
    public void Conditions_light_the_lamp_of_highest_priority_only(TowerCondition conditions, TowerLamp expected)
    {
        using var tower = Tower(blinking: TowerCondition.None);

        tower.SetCondition(conditions, on: true);

        Assert.Equal(expected, tower.Lamp);
        Assert.Equal(expected == TowerLamp.Red, IsOn(Red));
        Assert.Equal(expected == TowerLamp.Yellow, IsOn(Yellow));
        Assert.Equal(expected == TowerLamp.Green, IsOn(Green));
        Assert.Equal(expected == TowerLamp.Red, IsOn(Alarm));
        Assert.Equal(expected == TowerLamp.Yellow ? PinValue.Low : PinValue.High, _driver.ProbeLevel(Yellow)); // active-low lamp
    }

    [Fact]
    public void A_warning_that_clears_gives_green_back()
    {
        using var tower = Tower(blinking: TowerCondition.None);
        tower.SetCondition(TowerCondition.Running | TowerCondition.CameraLost, on: true);

        tower.SetCondition(TowerCondition.CameraLost, on: false);

        Assert.Equal(TowerLamp.Green, tower.Lamp);
        Assert.True(IsOn(Green));
        Assert.False(IsOn(Yellow));
    }

    [Fact]
    public void A_blinking_lamp_toggles_every_half_period_while_alarm_stays_steady()
    {
        using var tower = Tower(blinking: TowerCondition.Alarms, blinkMs: 400);
        _driver.ClearTransitions();
        long start = _time.Now;

        tower.SetCondition(TowerCondition.Alarm, on: true);
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(1_000), TimeSpan.FromMilliseconds(10));

        IReadOnlyList<GpioTransition> red = _driver.Transitions(Red);
        Assert.Equal(
            [(0L, PinValue.High), (200_000L, PinValue.Low), (400_000L, PinValue.High), (600_000L, PinValue.Low), (800_000L, PinValue.High), (1_000_000L, PinValue.Low)],
            red.Select(t => (t.Timestamp - start, t.Value)));
        Assert.Single(_driver.Transitions(Alarm));
        Assert.True(IsOn(Alarm));
        Assert.True(tower.IsBlinking);
    }

    [Fact]
    public void A_steady_condition_stops_the_blinking_and_lights_its_lamp()
    {
        using var tower = Tower(blinking: TowerCondition.CameraLost, blinkMs: 200);
        tower.SetCondition(TowerCondition.CameraLost, on: true);
        _time.Advance(TimeSpan.FromMilliseconds(100)); // in the off half now
        Assert.False(IsOn(Yellow));

        tower.SetCondition(TowerCondition.CameraLost, on: false);
        tower.SetCondition(TowerCondition.Backlog, on: true);
        int edges = _driver.Transitions(Yellow).Count;
        _time.Advance(TimeSpan.FromMilliseconds(1_000));

        Assert.False(tower.IsBlinking);
        Assert.True(IsOn(Yellow));
        Assert.Equal(edges, _driver.Transitions(Yellow).Count);
    }

    [Fact]
    public void Rejects_in_a_row_reaching_the_limit_turn_red_until_reset()
    {
        using var tower = Tower(blinking: TowerCondition.None, rejectLimit: 3);
        tower.SetCondition(TowerCondition.Running, on: true);

        tower.PartJudged(pass: false);
        tower.PartJudged(pass: false);
        tower.PartJudged(pass: true); // a pass ends the run
        tower.PartJudged(pass: false);
        tower.PartJudged(pass: false);
        Assert.Equal(TowerLamp.Green, tower.Lamp);
        tower.PartJudged(pass: false);
        Assert.Equal(TowerLamp.Red, tower.Lamp);
        tower.PartJudged(pass: true); // latched: passes do not clear it
        Assert.Equal(TowerLamp.Red, tower.Lamp);
        Assert.True(IsOn(Red) && IsOn(Alarm));

        tower.Reset();

        Assert.Equal(TowerLamp.Green, tower.Lamp);
        Assert.Equal(0, tower.RejectsInRow);
        Assert.False(IsOn(Red) || IsOn(Alarm));
        Assert.True(IsOn(Green));
    }

    [Fact]
    public void Reset_keeps_the_warnings()
    {
        using var tower = Tower(blinking: TowerCondition.None);
        tower.SetCondition(TowerCondition.BrokerDown | TowerCondition.LateDecision, on: true);

        tower.Reset();

        Assert.Equal(TowerCondition.BrokerDown, tower.Conditions);
        Assert.Equal(TowerLamp.Yellow, tower.Lamp);
    }

    [Fact]
    public void Judging_parts_does_not_allocate_in_steady_state()
    {
        using var tower = Tower(blinking: TowerCondition.None, rejectLimit: 1_000_000);

        long allocated = SteadyState.AllocatedBytes(
            () =>
            {
                for (int i = 0; i < 1_000; i++)
                {
                    tower.PartJudged(i % 3 != 0);
                }
            });

        Assert.Equal(0, allocated);
    }

    public void Dispose()
    {
        _lines.Dispose();
        _controller.Dispose();
    }

    private TowerLight Tower(TowerCondition blinking, int blinkMs = 1_000, int rejectLimit = 5) =>
        TowerLight.Over(
            _lines,
            new TowerLightOptions { BlinkPeriod = TimeSpan.FromMilliseconds(blinkMs), ConsecutiveRejects = rejectLimit, Blinking = blinking },
            _time);

    private bool IsOn(int pin) => _lines.Outputs.Single(o => o.Offset == pin).IsActive;
}
