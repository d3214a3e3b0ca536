using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

public class LibGpiodV1EdgeReaderTests
{
    [FactWithLibgpiodV1]
    public void Opening_a_chip_that_does_not_exist_throws_IOException()
    {
        Assert.Throws<IOException>(() => new LibGpiodV1EdgeReader("/dev/gpiochip-that-does-not-exist", 0));
    }

    /// <summary>
    /// Needs a wire from an output line to an input line of one chip, named by EDGEVISION_GPIO_LOOPBACK as
    /// "chip-number,output-offset,input-offset" (e.g. "0,17,27" on a Raspberry Pi: BCM17 wired to BCM27).
    /// </summary>
    [FactWithGpioLoopback]
    [Trait("Category", "Hardware")]
    public void Edges_on_a_loopback_wire_arrive_with_kernel_timestamps_between_the_write_and_its_delivery()
    {
        (int chip, int output, int input) = GpioLoopback.Read()!.Value;
        using var controller = new GpioController(GpioDriverFactory.Create(GpioDriverKind.Auto, chip, null, out _));
        controller.OpenPin(output, PinMode.Output, PinValue.Low);
        using var reader = new LibGpiodV1EdgeReader(chip.ToString(CultureInfo.InvariantCulture), input);
        using var handler = new SignallingRecorder();
        reader.Start(handler);
        var written = new List<(long Before, long After)>();

        for (int i = 0; i < 10; i++)
        {
            long before = Stopwatch.GetTimestamp();
            controller.Write(output, i % 2 == 0 ? PinValue.High : PinValue.Low);
            Assert.True(handler.Arrived.Wait(TimeSpan.FromSeconds(5)), $"edge {i} did not arrive");
            handler.Arrived.Reset();
            written.Add((before, Stopwatch.GetTimestamp()));
        }

        Assert.Equal(10, handler.Edges.Count);
        for (int i = 0; i < 10; i++)
        {
            EdgeEvent edge = handler.Edges[i];
            Assert.Equal(i % 2 == 0, edge.IsRising);
            Assert.InRange(
                edge.TimestampNs,
                EdgeClock.ToNanoseconds(written[i].Before, Stopwatch.Frequency),
                EdgeClock.ToNanoseconds(written[i].After, Stopwatch.Frequency));
        }
    }

    private sealed class SignallingRecorder : IEdgeHandler, IDisposable
    {
        public List<EdgeEvent> Edges { get; } = [];

        public ManualResetEventSlim Arrived { get; } = new();

        public void OnEdge(in EdgeEvent edge)
        {
            lock (Edges)
            {
                Edges.Add(edge);
            }

            Arrived.Set();
        }

        public void Dispose() => Arrived.Dispose();
    }
}

/// <summary>A fact that needs Debian's libgpiod v1 (libgpiod.so.2, package libgpiod2); skipped where it is missing.</summary>
internal sealed class FactWithLibgpiodV1Attribute : FactAttribute
{
    public FactWithLibgpiodV1Attribute()
    {
        if (!NativeLibrary.TryLoad("libgpiod.so.2", out IntPtr library))
        {
            Skip = "libgpiod.so.2 is not installed (Debian package libgpiod2).";
        }
        else
        {
            NativeLibrary.Free(library);
        }
    }
}
