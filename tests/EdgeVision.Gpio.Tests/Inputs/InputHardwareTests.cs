using System.Device.Gpio;
using System.Diagnostics;
using System.Globalization;
using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

/// <summary>
/// The encoder and debounce scenarios on a real gpiochip: signals generated on outputs wired back to inputs
/// (EDGEVISION_GPIO_LOOPBACK, and EDGEVISION_GPIO_LOOPBACK2 for the encoder's second channel; wiring in the README),
/// edges read with the kernel's timestamps. Skipped, naming the variables, where the wires are not described.
/// </summary>
public class InputHardwareTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [FactWithGpioLoopback(wires: 2)]
    [Trait("Category", "Hardware")]
    public void A_quadrature_signal_on_two_loopback_wires_counts_up_going_forward_and_down_going_backward_without_errors()
    {
        var (chip, outA, inA) = GpioLoopback.Read()!.Value;
        var (_, outB, inB) = GpioLoopback.ReadSecond()!.Value;
        using var controller = new GpioController(GpioDriverFactory.Create(GpioDriverKind.Auto, chip, null, out _));
        using var a = new OutputLine(controller, "drive-a", outA, activeLow: false, initialActive: false, safeActive: false);
        using var b = new OutputLine(controller, "drive-b", outB, activeLow: false, initialActive: false, safeActive: false);
        string chipName = chip.ToString(CultureInfo.InvariantCulture);
        using var encoder = new QuadratureEncoder(new LibGpiodV1EdgeReader(chipName, inA), new LibGpiodV1EdgeReader(chipName, inB), countsPerMm: 4);
        long expected = 0;

        // Each step waits for its count: the two channels are read on two threads, so the next edge must not be
        // written before the last one was taken, or they could be handled out of order.
        void Step(OutputLine line, bool level, int by)
        {
            line.SetActive(level);
            expected += by;
            var deadline = Stopwatch.StartNew();
            while (encoder.Count != expected)
            {
                Assert.True(deadline.Elapsed < Patience, $"count {encoder.Count}, expected {expected} (errors {encoder.Errors})");
                Thread.Sleep(1);
            }
        }

        for (int cycle = 0; cycle < 25; cycle++)
        {
            Step(a, true, +1);
            Step(b, true, +1);
            Step(a, false, +1);
            Step(b, false, +1);
        }

        Assert.Equal((100L, EncoderDirection.Forward), (encoder.Count, encoder.Direction));
        for (int cycle = 0; cycle < 10; cycle++)
        {
            Step(b, true, -1);
            Step(a, true, -1);
            Step(b, false, -1);
            Step(a, false, -1);
        }

        Assert.Equal((60L, EncoderDirection.Backward, 0L), (encoder.Count, encoder.Direction, encoder.Errors));
        Assert.Equal(15.0, encoder.PositionMm);
    }

    [FactWithGpioLoopback]
    [Trait("Category", "Hardware")]
    public void A_bouncing_edge_on_a_loopback_wire_gives_one_edge_with_its_first_transition_time_and_a_short_glitch_gives_none()
    {
        var (chip, output, input) = GpioLoopback.Read()!.Value;
        using var controller = new GpioController(GpioDriverFactory.Create(GpioDriverKind.Auto, chip, null, out _));
        using var line = new OutputLine(controller, "bounce", output, activeLow: false, initialActive: false, safeActive: false);
        var raw = new CountingEdgeSource(new LibGpiodV1EdgeReader(chip.ToString(CultureInfo.InvariantCulture), input));
        using var debounced = new DebouncedInput(raw, EdgePolarity.Both, TimeSpan.FromMilliseconds(50), TimeProvider.System);
        var edges = new BlockingEdges();
        debounced.Start(edges);

        // Contact bounce: seven writes back to back (microseconds apart, far inside the 50 ms window), ending High.
        long before = Stopwatch.GetTimestamp();
        for (int i = 0; i < 7; i++)
        {
            line.SetActive(i % 2 == 0);
        }

        long after = Stopwatch.GetTimestamp();
        EdgeEvent rising = edges.Next(Patience);
        Assert.True(rising.IsRising);
        Assert.InRange(rising.TimestampNs, EdgeClock.ToNanoseconds(before, Stopwatch.Frequency), EdgeClock.ToNanoseconds(after, Stopwatch.Frequency));
        Assert.Equal(1, debounced.AcceptedEdges);
        Assert.Equal(raw.Count - 1, debounced.RejectedEdges); // every raw edge the kernel saw but the first was bounce

        // A glitch (Low and back High at once) is decided after its window and rejected whole: no edge.
        long rawBefore = raw.Count, rejectedBefore = debounced.RejectedEdges;
        line.SetActive(false);
        line.SetActive(true);
        var deadline = Stopwatch.StartNew();
        while (debounced.RejectedEdges - rejectedBefore < raw.Count - rawBefore || raw.Count == rawBefore)
        {
            Assert.True(deadline.Elapsed < Patience, $"glitch not decided: {raw.Count - rawBefore} raw edges, {debounced.RejectedEdges - rejectedBefore} rejected");
            Thread.Sleep(1);
        }

        // The next edge delivered is a real falling edge held past the window, not the glitch.
        long fall = Stopwatch.GetTimestamp();
        line.SetActive(false);
        EdgeEvent falling = edges.Next(Patience);
        Assert.False(falling.IsRising);
        Assert.True(falling.TimestampNs >= EdgeClock.ToNanoseconds(fall, Stopwatch.Frequency), "the falling edge carries the glitch's time");
        Assert.Equal(2, debounced.AcceptedEdges);
    }

    /// <summary>Passes edges on and counts them: how many raw edges the kernel delivered.</summary>
    private sealed class CountingEdgeSource(IEdgeSource inner) : IEdgeSource, IEdgeHandler
    {
        private IEdgeHandler? _handler;
        private long _count;

        public int Offset => inner.Offset;

        public long Count => Interlocked.Read(ref _count);

        public bool ReadLevel() => inner.ReadLevel();

        public void Start(IEdgeHandler handler)
        {
            _handler = handler;
            inner.Start(this);
        }

        public void OnEdge(in EdgeEvent edge)
        {
            Interlocked.Increment(ref _count);
            _handler!.OnEdge(edge);
        }

        public void Dispose() => inner.Dispose();
    }

    /// <summary>Debounced edges as they are delivered, taken one at a time with a time-out.</summary>
    private sealed class BlockingEdges : IEdgeHandler
    {
        private readonly System.Collections.Concurrent.BlockingCollection<EdgeEvent> _edges = [];

        public void OnEdge(in EdgeEvent edge) => _edges.Add(edge);

        public EdgeEvent Next(TimeSpan timeout) =>
            _edges.TryTake(out EdgeEvent edge, timeout) ? edge : throw new TimeoutException($"no debounced edge within {timeout.TotalSeconds} s");
    }
}
