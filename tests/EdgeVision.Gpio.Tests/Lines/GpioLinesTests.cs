using System.Device.Gpio;
using EdgeVision.Gpio.Lines;

namespace EdgeVision.Gpio.Tests.Lines;

public class GpioLinesTests
{
    private static LineSettings[] StationLines() =>
    [
        LineSettings.Output("reject", "gpiochip0", 17, activeLow: false, initial: false, safe: false),
        LineSettings.Output("green", "gpiochip0", 5, activeLow: true, initial: true, safe: false),
        LineSettings.Output("alarm", "gpiochip0", 6, activeLow: false, initial: false, safe: true),
        LineSettings.Input("trigger", "gpiochip0", 27, activeLow: true, bias: LineBias.PullUp),
        LineSettings.Input("enable", "gpiochip0", 22, activeLow: false, bias: LineBias.PullDown),
        LineSettings.Input("recipe-bit0", "gpiochip0", 23),
    ];

    [Fact]
    public void Outputs_open_at_their_initial_level_and_inputs_with_their_bias()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);

        using var lines = new GpioLines(controller, StationLines());

        Assert.Equal(PinValue.Low, driver.ProbeLevel(17));
        Assert.Equal(PinValue.Low, driver.ProbeLevel(5)); // active-low, initially active
        Assert.Equal(PinValue.Low, driver.ProbeLevel(6));
        Assert.Empty(driver.Transitions(17));
        Assert.Empty(driver.Transitions(5));
        Assert.Equal(PinMode.InputPullUp, controller.GetPinMode(27));
        Assert.Equal(PinMode.InputPullDown, controller.GetPinMode(22));
        Assert.Equal(PinMode.Input, controller.GetPinMode(23));
        Assert.Equal(["reject", "green", "alarm"], lines.Outputs.Select(o => o.Name));
        Assert.Equal(["trigger", "enable", "recipe-bit0"], lines.Inputs.Select(i => i.Name));
        Assert.True(lines.Output("green").IsActive);
        Assert.Null(lines.FindOutput("red"));
        Assert.Throws<KeyNotFoundException>(() => lines.Input("reset"));
    }

    [Fact]
    public void An_active_low_input_reads_active_when_its_line_is_pulled_low()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var lines = new GpioLines(controller, StationLines());
        InputLine trigger = lines.Input("trigger");

        bool idle = trigger.ReadActive(); // pull-up holds it High: inactive
        driver.InjectInputLevel(27, PinValue.Low);
        bool fired = trigger.ReadActive();

        Assert.False(idle);
        Assert.True(fired);
        Assert.Equal(PinEventTypes.Falling, trigger.ActivatingEdge);
        driver.InjectInputLevel(22, PinValue.High);
        Assert.True(lines.Input("enable").ReadActive());
    }

    [Fact]
    public void GoSafe_puts_every_output_at_its_safe_level()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var lines = new GpioLines(controller, StationLines());
        lines.Output("reject").SetActive(true);

        lines.GoSafe();

        Assert.Equal(PinValue.Low, driver.ProbeLevel(17));
        Assert.Equal(PinValue.High, driver.ProbeLevel(5)); // active-low green, safe = inactive
        Assert.Equal(PinValue.High, driver.ProbeLevel(6)); // alarm safe = active
    }

    [Fact]
    public void Dispose_goes_safe_and_closes_every_pin_and_a_later_GoSafe_does_nothing()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        var lines = new GpioLines(controller, StationLines());

        lines.Dispose();
        lines.GoSafe();

        Assert.All(new[] { 17, 5, 6, 27, 22, 23 }, pin => Assert.False(controller.IsPinOpen(pin)));
        Assert.Equal(PinValue.High, driver.ProbeLevel(6));
        Assert.Equal(PinValue.High, driver.ProbeLevel(5));
    }

    [Fact]
    public void Two_lines_on_one_offset_are_refused_naming_both_and_nothing_stays_open()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        LineSettings[] lines =
        [
            LineSettings.Output("reject", "gpiochip0", 17),
            LineSettings.Input("trigger", "gpiochip0", 17),
        ];

        var error = Assert.Throws<ArgumentException>(() => new GpioLines(controller, lines));

        Assert.Contains("'reject'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'trigger'", error.Message, StringComparison.Ordinal);
        Assert.False(controller.IsPinOpen(17));
    }

    [Fact]
    public void The_same_offset_on_two_chips_is_two_lines()
    {
        var chip0 = new SimulatedGpioDriver();
        var chip1 = new SimulatedGpioDriver();
        using var controller0 = new GpioController(chip0);
        using var controller1 = new GpioController(chip1);
        LineSettings[] settings =
        [
            LineSettings.Output("reject", "gpiochip0", 4, initial: true),
            LineSettings.Output("pass", "gpiochip1", 4),
        ];

        using var lines = new GpioLines(chip => chip == "gpiochip0" ? controller0 : controller1, settings);

        Assert.Equal(PinValue.High, chip0.ProbeLevel(4));
        Assert.Equal(PinValue.Low, chip1.ProbeLevel(4));
    }

    [Theory]
    [InlineData("trigger", LineDirection.Output, LineBias.None, false)]
    [InlineData("reject", LineDirection.Input, LineBias.None, false)]
    [InlineData("reject", LineDirection.Output, LineBias.PullUp, false)]
    [InlineData("enable", LineDirection.Input, LineBias.None, true)]
    public void Settings_that_do_not_fit_the_direction_are_refused(string name, LineDirection direction, LineBias bias, bool safe)
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        LineSettings[] lines = [new LineSettings(name, "0", 3, direction, Bias: bias, Safe: safe)];

        Assert.Throws<ArgumentException>(() => new GpioLines(controller, lines));
        Assert.False(controller.IsPinOpen(3));
    }

    [Fact]
    public void Reading_an_input_does_not_allocate_in_steady_state()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var lines = new GpioLines(controller, StationLines());
        InputLine trigger = lines.Input("trigger");
        int active = 0;

        long allocated = SteadyState.AllocatedBytes(
            () =>
            {
                for (int i = 0; i < 1_000; i++)
                {
                    active += trigger.ReadActive() ? 1 : 0;
                }
            });

        Assert.Equal(0, allocated);
        Assert.Equal(0, active);
    }
}
