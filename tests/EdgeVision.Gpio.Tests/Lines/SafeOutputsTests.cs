using System.Device.Gpio;
using System.Runtime.InteropServices;
using EdgeVision.Gpio.Lines;

namespace EdgeVision.Gpio.Tests.Lines;

public class SafeOutputsTests
{
    // Every output starts away from its safe level, so each hook must move each of them.
    private static readonly LineSettings[] Outputs =
    [
        LineSettings.Output("reject", "gpiochip0", 17, activeLow: false, initial: true, safe: false),
        LineSettings.Output("red", "gpiochip0", 5, activeLow: true, initial: true, safe: false),
        LineSettings.Output("alarm", "gpiochip0", 6, activeLow: false, initial: false, safe: true),
        LineSettings.Output("busy", "gpiochip0", 7, activeLow: true, initial: false, safe: true),
    ];

    public static TheoryData<string> Hooks => ["stop", "process-exit", "unhandled", "sigterm", "sigint"];

    [Theory]
    [MemberData(nameof(Hooks))]
    public void Each_hook_puts_every_output_at_its_safe_level(string hook)
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var lines = new GpioLines(controller, Outputs);
        AssertLevels(driver, reject: PinValue.High, red: PinValue.Low, alarm: PinValue.Low, busy: PinValue.High); // initial levels
        var guard = new SafeOutputs(lines);
        driver.ClearTransitions();

        switch (hook)
        {
            case "stop":
                guard.Dispose();
                break;
            case "process-exit":
                guard.OnProcessExit(null, EventArgs.Empty);
                break;
            case "unhandled":
                guard.OnUnhandledException(null, new UnhandledExceptionEventArgs(new InvalidOperationException("boom"), isTerminating: true));
                break;
            default:
                var context = new PosixSignalContext(hook == "sigterm" ? PosixSignal.SIGTERM : PosixSignal.SIGINT);
                guard.OnPosixSignal(context);
                Assert.False(context.Cancel); // the host's own handling and the default termination still run
                break;
        }

        AssertLevels(driver, reject: PinValue.Low, red: PinValue.High, alarm: PinValue.High, busy: PinValue.Low);
        foreach (int pin in new[] { 17, 5, 6, 7 })
        {
            Assert.Single(driver.Transitions(pin)); // one clean edge to the safe level, no glitch
        }

        Assert.Equal(1, guard.Trips);
        guard.Dispose();
    }

    [Fact]
    public void Going_safe_again_from_several_threads_changes_nothing_more()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var lines = new GpioLines(controller, Outputs);
        using var guard = new SafeOutputs(lines);
        driver.ClearTransitions();

        Parallel.For(0, 64, i => guard.GoSafe(i % 2 == 0 ? SafeReason.Terminate : SafeReason.ProcessExit));

        Assert.Equal(64, guard.Trips);
        Assert.Equal(0, guard.Failures);
        foreach (int pin in new[] { 17, 5, 6, 7 })
        {
            Assert.Single(driver.Transitions(pin));
        }
    }

    [Fact]
    public void After_the_lines_are_disposed_a_late_hook_is_harmless()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        var lines = new GpioLines(controller, Outputs);
        using var guard = new SafeOutputs(lines);
        lines.Dispose();

        guard.OnProcessExit(null, EventArgs.Empty);

        Assert.Equal(0, guard.Failures);
        AssertLevels(driver, reject: PinValue.Low, red: PinValue.High, alarm: PinValue.High, busy: PinValue.Low);
    }

    [Fact]
    public void A_disposed_guard_no_longer_acts_on_its_hooks()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var lines = new GpioLines(controller, Outputs);
        var guard = new SafeOutputs(lines);
        guard.Dispose();
        lines.Output("reject").SetActive(true);

        guard.OnProcessExit(null, EventArgs.Empty);

        Assert.Equal(PinValue.High, driver.ProbeLevel(17));
        Assert.Equal(SafeReason.Stop, guard.LastReason);
    }

    [Fact]
    public void A_hook_that_cannot_write_a_line_counts_the_failure_instead_of_throwing()
    {
        var driver = new SimulatedGpioDriver();
        var controller = new GpioController(driver);
        var lines = new GpioLines(controller, Outputs);
        var guard = new SafeOutputs(lines);
        driver.Dispose(); // the chip went away under the lines

        guard.OnUnhandledException(null, new UnhandledExceptionEventArgs(new InvalidOperationException("boom"), isTerminating: true));

        Assert.Equal(1, guard.Failures);
        Assert.Equal(0, guard.Trips);
        Assert.Throws<AggregateException>(guard.Dispose); // a normal stop says so
        Assert.Equal(2, guard.Failures);
        Assert.Throws<AggregateException>(lines.Dispose);
    }

    private static void AssertLevels(SimulatedGpioDriver driver, PinValue reject, PinValue red, PinValue alarm, PinValue busy)
    {
        Assert.Equal(reject, driver.ProbeLevel(17));
        Assert.Equal(red, driver.ProbeLevel(5));
        Assert.Equal(alarm, driver.ProbeLevel(6));
        Assert.Equal(busy, driver.ProbeLevel(7));
    }
}
