using System.Device.Gpio;

namespace EdgeVision.Gpio.Tests;

public class GpioDriverFactoryTests
{
    [Fact]
    public void Simulated_gives_the_simulated_driver_and_says_so()
    {
        GpioDriver driver = GpioDriverFactory.Create(GpioDriverKind.Simulated, chip: 0, time: null, out string description);

        using var controller = new GpioController(driver);
        Assert.IsType<SimulatedGpioDriver>(driver);
        Assert.Contains("simulated", description, StringComparison.Ordinal);
        Assert.Equal(SimulatedGpioDriver.DefaultPinCount, controller.PinCount);
    }

    [Fact]
    public void Simulated_takes_its_timestamps_from_the_given_time_provider()
    {
        var driver = (SimulatedGpioDriver)GpioDriverFactory.Create(
            GpioDriverKind.Simulated, chip: 0, new ManualTimeProvider(timestamp: 77), out _);
        using var controller = new GpioController(driver);

        controller.OpenPin(1, PinMode.Output, PinValue.High);

        Assert.Equal(77, driver.Transitions(1)[0].Timestamp);
    }

    [FactWithoutGpioHardware]
    public void Auto_without_a_gpiochip_throws_naming_every_attempt_and_what_it_said()
    {
        var error = Assert.Throws<PlatformNotSupportedException>(
            () => GpioDriverFactory.Create(GpioDriverKind.Auto, chip: 0, time: null, out _));

        Assert.Contains("libgpiod v2 (LibGpiodV2Driver, gpiochip0): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("libgpiod v1 (LibGpiodDriver, gpiochip0): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("sysfs (SysFsDriver, gpiochip0): DirectoryNotFoundException", error.Message, StringComparison.Ordinal);
        Assert.Contains("/sys/class/gpio", error.Message, StringComparison.Ordinal);
        var causes = Assert.IsType<AggregateException>(error.InnerException);
        Assert.Equal(3, causes.InnerExceptions.Count);
        Assert.All(causes.InnerExceptions, cause => Assert.Contains(cause.GetType().Name, error.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("simulated", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [TheoryWithoutGpioHardware]
    [InlineData(GpioDriverKind.LibgpiodV2, "libgpiod v2 (LibGpiodV2Driver, gpiochip1)")]
    [InlineData(GpioDriverKind.LibgpiodV1, "libgpiod v1 (LibGpiodDriver, gpiochip1)")]
    [InlineData(GpioDriverKind.Sysfs, "sysfs (SysFsDriver, gpiochip1)")]
    [InlineData(GpioDriverKind.Libgpiod, "libgpiod v1 (LibGpiodDriver, gpiochip1)")]
    public void A_real_driver_without_a_gpiochip_throws_naming_what_was_tried(GpioDriverKind kind, string attempt)
    {
        var error = Assert.Throws<PlatformNotSupportedException>(
            () => GpioDriverFactory.Create(kind, chip: 1, time: null, out _));

        Assert.Contains(attempt + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_chip_number_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => GpioDriverFactory.Create(GpioDriverKind.Simulated, chip: -1, time: null, out _));
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(
            () => GpioDriverFactory.Create((GpioDriverKind)42, chip: 0, time: null, out _));
    }
}
