using System.Device.Gpio;
using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

public class DebouncedInputTests
{
    private const long Us = 1_000;
    private static readonly TimeSpan OneMs = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void A_bouncing_input_gives_one_edge_with_the_timestamp_of_its_first_transition()
    {
        using var rig = new Rig(EdgePolarity.Both, OneMs);

        // Five transitions within 300 µs (Low → High → Low → High → Low → High), then the line stays High.
        rig.Inject([1000, 1060, 1130, 1200, 1300]);
        bool earlyAccepted = rig.Input.Settle((1300 * Us) + (1000 * Us) - 1);
        bool accepted = rig.Input.Settle((1300 + 1000) * Us);

        Assert.False(earlyAccepted);
        Assert.True(accepted);
        Assert.Equal([new EdgeEvent(Rig.Pin, true, 1000 * Us)], rig.Recorder.Edges);
        Assert.Equal(1, rig.Input.AcceptedEdges);
        Assert.Equal(4, rig.Input.RejectedEdges);
        Assert.True(rig.Input.ReadLevel());
    }

    [Fact]
    public void Edges_farther_apart_than_the_debounce_are_all_accepted_at_the_next_edge()
    {
        using var rig = new Rig(EdgePolarity.Both, OneMs);
        long[] times = [1000, 2500, 4000, 5001, 7000, 9000];

        rig.Inject(times);
        rig.Input.Settle(20_000 * Us);

        Assert.Equal(times.Length, rig.Recorder.Edges.Count);
        for (int i = 0; i < times.Length; i++)
        {
            Assert.Equal(new EdgeEvent(Rig.Pin, i % 2 == 0, times[i] * Us), rig.Recorder.Edges[i]);
        }

        Assert.Equal(0, rig.Input.RejectedEdges);
    }

    [Fact]
    public void A_glitch_shorter_than_the_debounce_is_rejected_entirely()
    {
        using var rig = new Rig(EdgePolarity.Both, OneMs);

        rig.Inject([1000, 1400]);
        rig.Input.Settle(10_000 * Us);

        Assert.Empty(rig.Recorder.Edges);
        Assert.Equal(2, rig.Input.RejectedEdges);
        Assert.False(rig.Input.ReadLevel());
    }

    [Fact]
    public void A_level_held_one_tick_short_of_the_debounce_is_not_accepted()
    {
        using var rig = new Rig(EdgePolarity.Both, TimeSpan.FromMicroseconds(500));

        rig.Inject([1000, 1499, 2000]);
        rig.Input.Settle(10_000 * Us);

        // High for 499 µs (bounce), Low again for 501 µs, then High: one rising edge from 2000 µs only.
        Assert.Equal([new EdgeEvent(Rig.Pin, true, 2000 * Us)], rig.Recorder.Edges);
        Assert.Equal(2, rig.Input.RejectedEdges);
    }

    [Theory]
    [InlineData(EdgePolarity.Rising, new[] { true, true })]
    [InlineData(EdgePolarity.Falling, new[] { false, false })]
    [InlineData(EdgePolarity.Both, new[] { true, false, true, false })]
    public void Only_edges_of_the_wanted_polarity_are_delivered(EdgePolarity polarity, bool[] expectedRising)
    {
        using var rig = new Rig(polarity, OneMs);

        rig.Inject([1000, 3000, 5000, 7000]);
        rig.Input.Settle(20_000 * Us);

        Assert.Equal(expectedRising, rig.Recorder.Edges.Select(e => e.IsRising));
        Assert.Equal(4 - expectedRising.Length, rig.Input.IgnoredEdges);
        Assert.False(rig.Input.ReadLevel());
    }

    [Fact]
    public void With_a_time_provider_an_edge_is_delivered_when_its_window_ends_without_another_edge()
    {
        var clock = new TimerClock();
        using var rig = new Rig(EdgePolarity.Rising, OneMs, clock);

        clock.Advance(TimeSpan.FromMicroseconds(1000));
        rig.Driver.InjectInputLevel(Rig.Pin, PinValue.High);
        clock.Advance(TimeSpan.FromMicroseconds(100));
        rig.Driver.InjectInputLevel(Rig.Pin, PinValue.Low);
        clock.Advance(TimeSpan.FromMicroseconds(50));
        rig.Driver.InjectInputLevel(Rig.Pin, PinValue.High);
        clock.Advance(TimeSpan.FromMicroseconds(999));
        int beforeWindowEnd = rig.Recorder.Edges.Count;
        clock.Advance(TimeSpan.FromMicroseconds(1));

        Assert.Equal(0, beforeWindowEnd);
        Assert.Equal([new EdgeEvent(Rig.Pin, true, 1000 * Us)], rig.Recorder.Edges);
        Assert.Equal(2, rig.Input.RejectedEdges);
    }

    [Fact]
    public void A_zero_debounce_delivers_every_edge_at_once()
    {
        using var rig = new Rig(EdgePolarity.Both, TimeSpan.Zero);

        rig.Inject([10, 11, 12]);

        Assert.Equal([10 * Us, 11 * Us, 12 * Us], rig.Recorder.Edges.Select(e => e.TimestampNs));
    }

    [Fact]
    public void Ten_thousand_raw_edges_allocate_nothing_in_the_debouncer()
    {
        var counter = new EdgeCounter();
        using var counted = new DebouncedInput(new StubSource(), EdgePolarity.Both, OneMs);
        counted.Start(counter);
        IEdgeHandler handler = counted;
        long t = 0;

        long allocated = SteadyState.AllocatedBytes(() =>
        {
            // Each round: a bounced rising edge (accepted), a clean falling edge (accepted), a glitch and a burst that
            // ends where it started (both rejected), so every branch of the decision runs.
            for (int i = 0; i < 1_000; i++)
            {
                handler.OnEdge(new EdgeEvent(0, true, t += 2_000_000));
                handler.OnEdge(new EdgeEvent(0, false, t += 50_000));
                handler.OnEdge(new EdgeEvent(0, true, t += 50_000));
                handler.OnEdge(new EdgeEvent(0, false, t += 2_000_000));
                handler.OnEdge(new EdgeEvent(0, true, t += 2_000_000));
                handler.OnEdge(new EdgeEvent(0, false, t += 100_000));
                handler.OnEdge(new EdgeEvent(0, true, t += 2_000_000));
                handler.OnEdge(new EdgeEvent(0, false, t += 10_000));
                handler.OnEdge(new EdgeEvent(0, true, t += 10_000));
                handler.OnEdge(new EdgeEvent(0, false, t += 10_000));
            }
        });

        Assert.Equal(0, allocated);
        // Warm-up plus five measured rounds, two accepted edges per loop.
        Assert.Equal(6 * 1_000 * 2, counter.Count);
        // Eight rejected raw edges per loop, except the last burst, still undecided.
        Assert.Equal((6 * 1_000 * 8) - 4, counted.RejectedEdges);
    }

    /// <summary>A debounced input on pin 5 of a simulated chip; edges are injected with timestamps in µs.</summary>
    private sealed class Rig : IDisposable
    {
        public const int Pin = 5;

        public Rig(EdgePolarity polarity, TimeSpan debounce, TimerClock? clock = null)
        {
            Driver = new SimulatedGpioDriver(timeProvider: clock ?? (TimeProvider)new ManualTimeProvider());
            Controller = new GpioController(Driver);
            Input = new DebouncedInput(new ControllerEdgeSource(Controller, Pin), polarity, debounce, clock);
            Input.Start(Recorder);
        }

        public SimulatedGpioDriver Driver { get; }

        public GpioController Controller { get; }

        public DebouncedInput Input { get; }

        public EdgeRecorder Recorder { get; } = new();

        /// <summary>Toggles the line at each time (µs), starting from Low.</summary>
        public void Inject(long[] timesUs)
        {
            bool high = Driver.ProbeLevel(Pin) == PinValue.High;
            foreach (long t in timesUs)
            {
                high = !high;
                Driver.InjectInputLevel(Pin, high ? PinValue.High : PinValue.Low, t);
            }
        }

        public void Dispose()
        {
            Input.Dispose();
            Controller.Dispose();
        }
    }

    private sealed class EdgeCounter : IEdgeHandler
    {
        public int Count { get; private set; }

        public void OnEdge(in EdgeEvent edge) => Count++;
    }

    private sealed class StubSource : IEdgeSource
    {
        public int Offset => 0;

        public bool ReadLevel() => false;

        public void Start(IEdgeHandler handler)
        {
        }

        public void Dispose()
        {
        }
    }
}
