using System.Device.Gpio;
using System.Diagnostics;

namespace EdgeVision.Gpio.Tests;

// Widths and gaps are checked as lower bounds, which the pulse output guarantees; nothing here depends on how fast the machine is.
public class PulseOutputTests
{
    private const int Pin = 21;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_request_becomes_one_distinct_pulse()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: false);
        using var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(1));

        for (int i = 0; i < 20; i++)
        {
            Assert.True(pulses.TryRequestPulse());
        }

        Assert.True(pulses.WaitIdle(Patience), "the pulses were not all issued");
        Assert.Equal(20, pulses.Requested);
        Assert.Equal(20, pulses.Issued);
        Assert.Equal(0, pulses.Overflows);
        Assert.Equal(20, driver.CountRisingEdges(Pin));
        Assert.Equal(20, driver.CountFallingEdges(Pin));
        Assert.False(line.IsActive);
        Assert.Equal(PinValue.Low, driver.ProbeLevel(Pin));
    }

    [Fact]
    public void Each_pulse_lasts_at_least_its_width_and_is_followed_by_a_gap_of_at_least_its_width()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: false);
        TimeSpan width = TimeSpan.FromMilliseconds(3);
        using var pulses = new PulseOutput(line, width);

        for (int i = 0; i < 8; i++)
        {
            pulses.TryRequestPulse();
        }

        Assert.True(pulses.WaitIdle(Patience));
        IReadOnlyList<GpioTransition> edges = driver.Transitions(Pin);
        Assert.Equal(16, edges.Count);
        for (int i = 0; i < edges.Count; i++)
        {
            Assert.Equal(i % 2 == 0 ? PinValue.High : PinValue.Low, edges[i].Value);
            if (i > 0)
            {
                // Odd i: the pulse from edges[i - 1] to edges[i]; even i: the gap before the next pulse.
                TimeSpan between = Stopwatch.GetElapsedTime(edges[i - 1].Timestamp, edges[i].Timestamp);
                Assert.True(between >= width, $"{(i % 2 == 1 ? "pulse" : "gap")} before edge {i} lasted {between}, less than {width}");
            }
        }
    }

    [Fact]
    public void An_active_low_line_pulses_low()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: true);
        driver.ClearTransitions();
        using var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(1));

        pulses.TryRequestPulse();
        pulses.TryRequestPulse();

        Assert.True(pulses.WaitIdle(Patience));
        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low, PinValue.High], driver.Transitions(Pin).Select(t => t.Value));
        Assert.Equal(PinValue.High, driver.ProbeLevel(Pin));
    }

    [Fact]
    public void Requests_beyond_the_queue_capacity_are_refused_and_counted()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: false);
        using var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(500), queueCapacity: 1);
        Assert.True(pulses.TryRequestPulse());
        // Once the first pulse is on the line, its request has left the queue: one more fits, the next does not.
        Assert.True(SpinWait.SpinUntil(() => driver.CountRisingEdges(Pin) == 1, Patience), "the first pulse never started");

        bool second = pulses.TryRequestPulse();
        bool third = pulses.TryRequestPulse();

        Assert.True(second);
        Assert.False(third);
        Assert.Equal(1, pulses.Overflows);
        Assert.Equal(2, pulses.Requested);
    }

    [Fact]
    public void Dispose_issues_the_queued_pulses_and_leaves_the_line_inactive_when_that_is_safe()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: false, safeActive: false);
        var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(1));
        for (int i = 0; i < 5; i++)
        {
            pulses.TryRequestPulse();
        }

        pulses.Dispose();

        Assert.Equal(5, pulses.Issued);
        Assert.Equal(5, driver.CountRisingEdges(Pin));
        Assert.Equal(5, driver.CountFallingEdges(Pin));
        Assert.False(line.IsActive);
        Assert.Equal(PinValue.Low, driver.ProbeLevel(Pin));
    }

    [Fact]
    public void Dispose_leaves_the_line_at_its_safe_level()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: true, safeActive: true);
        var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(1));
        pulses.TryRequestPulse();

        pulses.Dispose();

        Assert.True(line.IsActive);
        Assert.Equal(PinValue.Low, driver.ProbeLevel(Pin));
        Assert.Equal(1, pulses.Issued);
    }

    [Fact]
    public void Dispose_drops_what_is_still_queued_after_the_drain_timeout_but_never_cuts_a_pulse()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        using var line = NewLine(controller, activeLow: false);
        var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(100), drainTimeout: TimeSpan.FromMilliseconds(50));
        for (int i = 0; i < 50; i++)
        {
            pulses.TryRequestPulse();
        }

        pulses.Dispose();

        Assert.InRange(pulses.Issued, 1, 49);
        Assert.Equal(pulses.Issued, driver.CountRisingEdges(Pin));
        Assert.Equal(pulses.Issued, driver.CountFallingEdges(Pin));
        Assert.Equal(PinValue.Low, driver.ProbeLevel(Pin));
        Assert.Throws<ObjectDisposedException>(() => pulses.TryRequestPulse());
    }

    [Fact]
    public void Requesting_a_pulse_does_not_allocate()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        using var line = NewLine(controller, activeLow: false);
        using var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(100), drainTimeout: TimeSpan.Zero);

        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int i = 0; i < 40; i++)
            {
                pulses.TryRequestPulse();
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, pulses.Overflows);
        Assert.Equal(240, pulses.Requested);
    }

    [Fact]
    public void A_line_that_cannot_be_written_stops_the_pulses_and_reports_why()
    {
        using var controller = new GpioController(new SimulatedGpioDriver());
        var line = NewLine(controller, activeLow: false);
        var pulses = new PulseOutput(line, TimeSpan.FromMilliseconds(1));
        controller.ClosePin(Pin);

        pulses.TryRequestPulse();

        Assert.False(pulses.WaitIdle(Patience));
        Assert.IsType<InvalidOperationException>(pulses.Fault);
        var refused = Assert.Throws<InvalidOperationException>(() => pulses.TryRequestPulse());
        Assert.Same(pulses.Fault, refused.InnerException);
        Assert.Equal(0, pulses.Issued);
        Assert.Throws<InvalidOperationException>(pulses.Dispose);
    }

    private static OutputLine NewLine(GpioController controller, bool activeLow, bool safeActive = false) =>
        new(controller, "reject", Pin, activeLow, initialActive: false, safeActive);
}
