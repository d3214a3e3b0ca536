using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using EdgeVision.Gpio.Inputs;
using EdgeVision.Gpio.Reject;
using EdgeVision.Gpio.Tests.Inputs;

namespace EdgeVision.Gpio.Tests.Reject;

/// <summary>
/// The reject queue on a real gpiochip: its reject output wired back to an input (EDGEVISION_GPIO_LOOPBACK, see the
/// README), the edge read with the kernel's timestamp. Skips itself on machines without the wire.
/// </summary>
public class RejectQueueHardwareTests
{
    [FactWithGpioLoopback]
    [Trait("Category", "Hardware")]
    public void On_a_real_chip_each_failed_part_is_rejected_no_earlier_than_its_deadline_and_a_passed_part_not_at_all()
    {
        var (chip, output, input) = GpioLoopback.Read()!.Value;
        using var controller = new GpioController(GpioDriverFactory.Create(GpioDriverKind.Auto, chip, null, out _));
        using var reject = new OutputLine(controller, "reject", output, activeLow: false, initialActive: false, safeActive: false);
        using var reader = new LibGpiodV1EdgeReader(chip.ToString(CultureInfo.InvariantCulture), input);
        var edges = new List<EdgeEvent>();
        reader.Start(new Recorder(edges));
        using var clock = new SystemDeadlineClock();
        var options = new RejectQueueOptions { Mode = RejectQueueMode.Time, Delay = TimeSpan.FromMilliseconds(50), DecisionMargin = TimeSpan.FromMilliseconds(10), PulseWidth = TimeSpan.FromMilliseconds(5) };
        using var queue = new RejectQueue(options, clock, reject);
        var triggers = new long[10];
        for (var part = 0; part < triggers.Length; part++)
        {
            triggers[part] = clock.Now;
            Assert.True(queue.TryOpen(part + 1, triggers[part], 0));
            Assert.Equal(ResultOutcome.Scheduled, queue.Deliver(part + 1, pass: part % 2 == 1));
            Thread.Sleep(20);
        }

        var deadline = Stopwatch.StartNew();
        while (queue.GetStatistics().Depth > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(50);
        List<EdgeEvent> rising;
        lock (edges)
        {
            rising = edges.Where(e => e.IsRising).ToList();
        }

        Assert.Equal(5, rising.Count);
        for (var i = 0; i < rising.Count; i++)
        {
            var due = EdgeClock.ToNanoseconds(triggers[2 * i], clock.Frequency) + 50_000_000;
            Assert.True(rising[i].TimestampNs >= due, $"part {(2 * i) + 1} rejected {(due - rising[i].TimestampNs) / 1000} µs early");
        }
    }

    private sealed class Recorder(List<EdgeEvent> edges) : IEdgeHandler
    {
        public void OnEdge(in EdgeEvent edge)
        {
            lock (edges)
            {
                edges.Add(edge);
            }
        }
    }
}
