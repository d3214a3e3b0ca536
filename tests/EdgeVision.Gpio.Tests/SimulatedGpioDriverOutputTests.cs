using System.Device.Gpio;

namespace EdgeVision.Gpio.Tests;

// The code under test is a real System.Device.Gpio GpioController; only the driver below it is simulated.
public class SimulatedGpioDriverOutputTests
{
    [Fact]
    public void Every_level_change_is_recorded_once_with_non_decreasing_timestamps()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(7, PinMode.Output);

        foreach (PinValue level in new[] { PinValue.High, PinValue.High, PinValue.Low, PinValue.Low, PinValue.High, PinValue.Low })
        {
            controller.Write(7, level);
        }

        IReadOnlyList<GpioTransition> transitions = driver.Transitions(7);
        Assert.Equal([PinValue.High, PinValue.Low, PinValue.High, PinValue.Low], transitions.Select(t => t.Value));
        Assert.All(transitions, t => Assert.Equal(7, t.Pin));
        for (int i = 1; i < transitions.Count; i++)
        {
            Assert.True(transitions[i].Timestamp >= transitions[i - 1].Timestamp, $"transition {i} is older than {i - 1}");
        }

        Assert.Equal(2, driver.CountRisingEdges(7));
        Assert.Equal(2, driver.CountFallingEdges(7));
    }

    [Fact]
    public void Writing_the_level_a_line_already_has_records_nothing()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(3, PinMode.Output);

        controller.Write(3, PinValue.Low);
        controller.Write(3, PinValue.Low);

        Assert.Empty(driver.Transitions(3));
    }

    [Fact]
    public void Timestamps_come_exactly_from_the_given_time_provider()
    {
        var time = new ManualTimeProvider(timestamp: 1_000);
        var driver = new SimulatedGpioDriver(timeProvider: time);
        using var controller = new GpioController(driver);
        controller.OpenPin(2, PinMode.Output);

        controller.Write(2, PinValue.High);
        time.Timestamp = 2_500;
        controller.Write(2, PinValue.Low);
        time.Timestamp = 2_501;
        controller.Toggle(2);

        Assert.Equal(
            [new GpioTransition(2, PinValue.High, 1_000), new GpioTransition(2, PinValue.Low, 2_500), new GpioTransition(2, PinValue.High, 2_501)],
            driver.Transitions(2));
    }

    [Fact]
    public void Transitions_of_other_lines_are_kept_apart()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(1, PinMode.Output);
        controller.OpenPin(2, PinMode.Output);

        controller.Write(1, PinValue.High);
        controller.Write(2, PinValue.High);
        controller.Write(2, PinValue.Low);

        Assert.Single(driver.Transitions(1));
        Assert.Equal(2, driver.Transitions(2).Count);
        Assert.Equal(1, driver.CountRisingEdges(1));
        Assert.Equal(0, driver.CountFallingEdges(1));
    }

    [Fact]
    public void A_full_ring_keeps_the_newest_transitions_and_counts_the_overwritten_ones()
    {
        var time = new ManualTimeProvider();
        var driver = new SimulatedGpioDriver(transitionCapacity: 4, timeProvider: time);
        using var controller = new GpioController(driver);
        controller.OpenPin(0, PinMode.Output);

        for (int i = 1; i <= 6; i++)
        {
            time.Timestamp = i;
            controller.Toggle(0);
        }

        Assert.Equal(4, driver.TransitionCapacity);
        Assert.Equal(2, driver.OverwrittenTransitions);
        Assert.Equal([3L, 4L, 5L, 6L], driver.Transitions(0).Select(t => t.Timestamp));
    }

    [Fact]
    public void Opening_an_output_at_high_makes_one_rising_edge_without_a_glitch()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);

        controller.OpenPin(5, PinMode.Output, PinValue.High);

        Assert.Equal(PinValue.High, controller.Read(5));
        Assert.Equal([PinValue.High], driver.Transitions(5).Select(t => t.Value));
    }

    [Fact]
    public void Writing_a_pin_that_is_not_open_throws_InvalidOperationException()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);

        // The controller checks this itself; the span overload goes straight to the driver, which must check it too.
        Assert.Throws<InvalidOperationException>(() => controller.Write(9, PinValue.High));
        Assert.Throws<InvalidOperationException>(() => controller.Write([new PinValuePair(9, PinValue.High)]));
        Assert.Empty(driver.Transitions(9));
    }

    [Fact]
    public void Writing_an_input_pin_throws_InvalidOperationException_in_the_driver()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(4, PinMode.Input);

        Assert.Throws<InvalidOperationException>(() => controller.Write([new PinValuePair(4, PinValue.High)]));
        Assert.Throws<InvalidOperationException>(() => controller.Toggle(4));
        Assert.Equal(PinValue.Low, controller.Read(4));
    }

    [Fact]
    public void The_controller_itself_silently_ignores_a_single_pin_write_to_an_input()
    {
        // System.Device.Gpio 4.2 behaviour that OutputLine works around by writing through the span overload.
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(4, PinMode.Input);

        controller.Write(4, PinValue.High);

        Assert.Equal(PinValue.Low, controller.Read(4));
        Assert.Empty(driver.Transitions(4));
    }

    [Fact]
    public void Opening_a_pin_beyond_the_chip_throws_ArgumentOutOfRangeException()
    {
        var driver = new SimulatedGpioDriver(pinCount: 8);
        using var controller = new GpioController(driver);

        Assert.Throws<ArgumentOutOfRangeException>(() => controller.OpenPin(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => controller.OpenPin(-1));
        Assert.Equal(8, controller.PinCount);
    }

    [Theory]
    [InlineData(PinMode.Input, true)]
    [InlineData(PinMode.InputPullUp, true)]
    [InlineData(PinMode.InputPullDown, true)]
    [InlineData(PinMode.Output, true)]
    [InlineData((PinMode)99, false)]
    public void Supports_the_four_modes_of_a_gpiochip(PinMode mode, bool supported)
    {
        using var controller = new GpioController(new SimulatedGpioDriver());

        Assert.Equal(supported, controller.IsPinModeSupported(0, mode));
    }

    [Fact]
    public void Setting_an_unsupported_mode_throws_and_keeps_the_old_mode()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        controller.OpenPin(0, PinMode.Output);

        Assert.Throws<InvalidOperationException>(() => controller.SetPinMode(0, (PinMode)99));
        Assert.Equal(PinMode.Output, controller.GetPinMode(0));
    }

    [Fact]
    public void Driver_writes_do_not_allocate_in_steady_state()
    {
        var driver = new SimulatedGpioDriver(transitionCapacity: 64);
        using var controller = new GpioController(driver);
        controller.OpenPin(1, PinMode.Output);
        var high = new[] { new PinValuePair(1, PinValue.High) };
        var low = new[] { new PinValuePair(1, PinValue.Low) };

        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                controller.Write(high);
                controller.Write(low);
            }
        });

        Assert.Equal(0, allocated);
        Assert.True(driver.OverwrittenTransitions > 0, "the ring should have wrapped during the measurement");
    }

    [Fact]
    public void Transitions_stay_readable_after_the_controller_disposed_the_driver()
    {
        var driver = new SimulatedGpioDriver();
        using (var controller = new GpioController(driver))
        {
            controller.OpenPin(6, PinMode.Output, PinValue.High);
        }

        Assert.Equal(1, driver.CountRisingEdges(6));
        Assert.Equal(PinValue.High, driver.ProbeLevel(6));
    }
}
