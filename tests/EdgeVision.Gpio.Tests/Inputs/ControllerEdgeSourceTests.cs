using System.Device.Gpio;
using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

public class ControllerEdgeSourceTests
{
    [Fact]
    public void Edges_from_the_simulated_driver_carry_their_transition_timestamp_in_nanoseconds()
    {
        // The clock stands at 999 µs; the edges are injected with earlier timestamps of their own.
        var driver = new SimulatedGpioDriver(timeProvider: new ManualTimeProvider(timestamp: 999));
        using var controller = new GpioController(driver);
        using var source = new ControllerEdgeSource(controller, 7);
        var recorder = new EdgeRecorder();
        source.Start(recorder);

        driver.InjectInputLevel(7, PinValue.High, timestamp: 120);
        driver.InjectInputLevel(7, PinValue.Low, timestamp: 345);

        Assert.Equal([new EdgeEvent(7, true, 120_000), new EdgeEvent(7, false, 345_000)], recorder.Edges);
    }

    [Fact]
    public void Edges_from_a_driver_without_timestamps_are_stamped_with_the_time_provider_when_the_callback_runs()
    {
        var simulated = new SimulatedGpioDriver(timeProvider: new ManualTimeProvider());
        using var controller = new GpioController(new UnstampedGpioDriver(simulated));
        var clock = new ManualTimeProvider(timestamp: 2_500);
        using var source = new ControllerEdgeSource(controller, 7, timeProvider: clock);
        var recorder = new EdgeRecorder();
        source.Start(recorder);

        simulated.InjectInputLevel(7, PinValue.High, timestamp: 120);

        Assert.Equal([new EdgeEvent(7, true, 2_500_000)], recorder.Edges);
    }

    [Fact]
    public void The_source_reads_the_level_of_its_line()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var source = new ControllerEdgeSource(controller, 3, PinMode.InputPullUp);
        bool pulledUp = source.ReadLevel();

        driver.InjectInputLevel(3, PinValue.Low);

        Assert.True(pulledUp);
        Assert.False(source.ReadLevel());
    }

    [Fact]
    public void A_disposed_source_delivers_nothing_and_closes_its_pin()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        var source = new ControllerEdgeSource(controller, 7);
        var recorder = new EdgeRecorder();
        source.Start(recorder);

        source.Dispose();
        driver.InjectInputLevel(7, PinValue.High);

        Assert.Empty(recorder.Edges);
        Assert.False(controller.IsPinOpen(7));
    }

    [Fact]
    public void A_pin_that_is_already_open_is_refused()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        controller.OpenPin(7, PinMode.Input);

        Assert.Throws<InvalidOperationException>(() => new ControllerEdgeSource(controller, 7));
    }

    [Fact]
    public void A_source_is_started_only_once()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        using var source = new ControllerEdgeSource(controller, 7);
        source.Start(new EdgeRecorder());

        Assert.Throws<InvalidOperationException>(() => source.Start(new EdgeRecorder()));
    }

    [Fact]
    public void Clock_ticks_convert_to_nanoseconds_without_overflow()
    {
        Assert.Equal(1_500, EdgeClock.ToNanoseconds(15, 10_000_000));
        Assert.Equal(42, EdgeClock.ToNanoseconds(42, 1_000_000_000));
        Assert.Equal(long.MaxValue / 1000 * 1000, EdgeClock.ToNanoseconds(long.MaxValue / 1000, 1_000_000));
    }
}
