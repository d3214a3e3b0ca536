using System.Device.Gpio;

namespace EdgeVision.Gpio.Tests;

public class OutputLineTests
{
    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 0)]
    public void A_line_opens_as_an_output_at_the_level_of_its_initial_state(bool activeLow, bool initialActive, int expectedLevel)
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);

        using var line = new OutputLine(controller, "reject", 17, activeLow, initialActive, safeActive: false);

        Assert.Equal(PinMode.Output, controller.GetPinMode(17));
        Assert.Equal((PinValue)expectedLevel, controller.Read(17));
        Assert.Equal(initialActive, line.IsActive);
        // Driven straight to its initial level: an edge only when that level is High, never a glitch first.
        Assert.Equal(expectedLevel, driver.Transitions(17).Count);
    }

    [Theory]
    [InlineData(false, true, 1)]
    [InlineData(false, false, 0)]
    [InlineData(true, true, 0)]
    [InlineData(true, false, 1)]
    public void SetActive_writes_the_physical_level_honouring_active_low(bool activeLow, bool active, int expectedLevel)
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = new OutputLine(controller, "light", 3, activeLow, initialActive: !active, safeActive: false);

        line.SetActive(active);

        Assert.Equal((PinValue)expectedLevel, controller.Read(3));
        Assert.Equal(active, line.IsActive);
    }

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 0)]
    public void GoSafe_writes_the_safe_level(bool activeLow, bool safeActive, int expectedLevel)
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = new OutputLine(controller, "gate", 5, activeLow, initialActive: !safeActive, safeActive);

        line.GoSafe();

        Assert.Equal((PinValue)expectedLevel, controller.Read(5));
        Assert.Equal(safeActive, line.IsActive);
    }

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 0)]
    public void Dispose_goes_safe_and_closes_the_pin(bool activeLow, bool safeActive, int expectedLevel)
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        var line = new OutputLine(controller, "gate", 5, activeLow, initialActive: !safeActive, safeActive);

        line.Dispose();

        Assert.False(controller.IsPinOpen(5));
        Assert.Equal((PinValue)expectedLevel, driver.ProbeLevel(5));
        Assert.Equal((PinValue)expectedLevel, driver.Transitions(5)[^1].Value);
    }

    [Fact]
    public void A_disposed_line_refuses_to_switch()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        var line = new OutputLine(controller, "gate", 5, activeLow: false, initialActive: false, safeActive: false);
        line.Dispose();

        Assert.Throws<ObjectDisposedException>(() => line.SetActive(true));
    }

    [Fact]
    public void A_pin_that_is_already_open_cannot_become_a_line()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        controller.OpenPin(9, PinMode.Input);

        Assert.Throws<InvalidOperationException>(
            () => new OutputLine(controller, "second owner", 9, activeLow: false, initialActive: false, safeActive: false));
        Assert.Equal(PinMode.Input, controller.GetPinMode(9));
    }

    [Fact]
    public void A_line_beyond_the_chip_leaves_no_pin_open()
    {
        using var controller = new GpioController(new SimulatedGpioDriver(pinCount: 8));

        Assert.Throws<ArgumentOutOfRangeException>(
            () => new OutputLine(controller, "too far", 8, activeLow: false, initialActive: false, safeActive: false));
        Assert.False(controller.IsPinOpen(8));
    }

    [Fact]
    public void Switching_a_line_does_not_allocate_in_steady_state()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = new OutputLine(controller, "reject", 2, activeLow: true, initialActive: false, safeActive: false);

        long allocated = SteadyState.AllocatedBytes(
            () =>
            {
                for (int i = 0; i < 1_000; i++)
                {
                    line.SetActive(true);
                    line.SetActive(false);
                }
            });

        Assert.Equal(0, allocated);
        Assert.Equal(6_000, driver.CountFallingEdges(2));
    }
}
