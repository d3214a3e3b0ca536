using System.Device.Gpio;

namespace EdgeVision.Gpio.Tests;

public class SimulatedGpioDriverInputTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Injected_edges_raise_the_controller_callbacks_with_their_event_types()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(12, PinMode.Input);
        var seen = new List<(int Pin, PinEventTypes Type)>();
        controller.RegisterCallbackForPinValueChangedEvent(
            12, PinEventTypes.Rising | PinEventTypes.Falling, (_, e) => seen.Add((e.PinNumber, e.ChangeType)));

        driver.InjectInputLevel(12, PinValue.High);
        driver.InjectInputLevel(12, PinValue.Low);

        Assert.Equal([(12, PinEventTypes.Rising), (12, PinEventTypes.Falling)], seen);
        Assert.Equal(PinValue.Low, controller.Read(12));
    }

    [Fact]
    public void A_callback_for_rising_edges_is_not_raised_by_a_falling_edge()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(12, PinMode.InputPullUp);
        var seen = new List<PinEventTypes>();
        controller.RegisterCallbackForPinValueChangedEvent(12, PinEventTypes.Rising, (_, e) => seen.Add(e.ChangeType));

        driver.InjectInputLevel(12, PinValue.Low);
        int afterFalling = seen.Count;
        driver.InjectInputLevel(12, PinValue.High);

        Assert.Equal(0, afterFalling);
        Assert.Equal([PinEventTypes.Rising], seen);
    }

    [Fact]
    public void Injecting_the_level_a_line_already_has_raises_nothing()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(12, PinMode.Input);
        int raised = 0;
        controller.RegisterCallbackForPinValueChangedEvent(
            12, PinEventTypes.Rising | PinEventTypes.Falling, (_, _) => raised++);

        driver.InjectInputLevel(12, PinValue.High);
        driver.InjectInputLevel(12, PinValue.High);

        Assert.Equal(1, raised);
        Assert.Single(driver.Transitions(12));
    }

    [Fact]
    public void An_unregistered_callback_is_not_raised()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(12, PinMode.Input);
        int raised = 0;
        void Count(object sender, PinValueChangedEventArgs e) => raised++;
        controller.RegisterCallbackForPinValueChangedEvent(12, PinEventTypes.Rising, Count);

        controller.UnregisterCallbackForPinValueChangedEvent(12, Count);
        driver.InjectInputLevel(12, PinValue.High);

        Assert.Equal(0, raised);
    }

    [Fact]
    public void An_injected_edge_is_recorded_with_the_given_timestamp()
    {
        var driver = new SimulatedGpioDriver(timeProvider: new ManualTimeProvider(timestamp: 5));
        using var controller = new GpioController(driver);
        controller.OpenPin(1, PinMode.Input);

        driver.InjectInputLevel(1, PinValue.High, timestamp: 42);
        driver.InjectInputLevel(1, PinValue.Low);

        Assert.Equal([new GpioTransition(1, PinValue.High, 42), new GpioTransition(1, PinValue.Low, 5)], driver.Transitions(1));
    }

    [Fact]
    public void Edge_callbacks_carry_the_timestamp_of_the_transition_they_report()
    {
        var clock = new ManualTimeProvider(timestamp: 5);
        var driver = new SimulatedGpioDriver(timeProvider: clock);
        using var controller = new GpioController(driver);
        controller.OpenPin(1, PinMode.Input);
        var seen = new List<(long Timestamp, long Frequency)>();
        controller.RegisterCallbackForPinValueChangedEvent(
            1,
            PinEventTypes.Rising | PinEventTypes.Falling,
            (_, e) =>
            {
                var stamped = Assert.IsType<TimestampedPinValueChangedEventArgs>(e);
                seen.Add((stamped.Timestamp, stamped.TimestampFrequency));
            });

        driver.InjectInputLevel(1, PinValue.High, timestamp: 42);
        clock.Timestamp = 77;
        driver.InjectInputLevel(1, PinValue.Low);

        Assert.Equal([(42L, 1_000_000L), (77L, 1_000_000L)], seen);
    }

    [Fact]
    public async Task WaitForEvent_completes_with_the_injected_edge_type()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(20, PinMode.Input);

        Task<WaitForEventResult> wait = Task.Run(() => controller.WaitForEvent(20, PinEventTypes.Rising, Patience));
        // The wait reports the next edge after it started listening, so keep making edges until it has seen one.
        bool completed = SpinWait.SpinUntil(
            () =>
            {
                driver.InjectInputLevel(20, PinValue.High);
                driver.InjectInputLevel(20, PinValue.Low);
                return wait.IsCompleted;
            },
            Patience);

        Assert.True(completed, "WaitForEvent did not return");
        WaitForEventResult result = await wait;
        Assert.False(result.TimedOut);
        Assert.Equal(PinEventTypes.Rising, result.EventTypes);
    }

    [Fact]
    public void WaitForEvent_times_out_when_no_edge_comes()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(20, PinMode.Input);

        WaitForEventResult result = controller.WaitForEvent(20, PinEventTypes.Falling, TimeSpan.FromMilliseconds(20));

        Assert.True(result.TimedOut);
        Assert.Equal(PinEventTypes.None, result.EventTypes);
    }

    [Fact]
    public void A_pull_up_input_reads_high_until_something_drives_it_low()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(8, PinMode.InputPullUp);
        PinValue undriven = controller.Read(8);

        driver.InjectInputLevel(8, PinValue.Low);

        Assert.Equal(PinValue.High, undriven);
        Assert.Equal(PinValue.Low, controller.Read(8));
    }

    [Fact]
    public void Injecting_into_an_output_throws_InvalidOperationException()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(8, PinMode.Output);

        Assert.Throws<InvalidOperationException>(() => driver.InjectInputLevel(8, PinValue.High));
        Assert.Equal(PinValue.Low, controller.Read(8));
    }

    [Fact]
    public void Waiting_for_no_edge_type_throws_ArgumentException()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        controller.OpenPin(8, PinMode.Input);

        Assert.Throws<ArgumentException>(() => controller.WaitForEvent(8, PinEventTypes.None, TimeSpan.FromSeconds(1)));
    }
}
