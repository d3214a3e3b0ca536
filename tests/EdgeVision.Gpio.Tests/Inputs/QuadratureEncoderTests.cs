using System.Device.Gpio;
using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

public class QuadratureEncoderTests
{
    private const int PinA = 2;
    private const int PinB = 3;

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    public void Forward_cycles_count_four_per_cycle(int cycles)
    {
        using var rig = new Rig(countsPerMm: 4);

        long last = rig.Forward(cycles);

        Assert.Equal(4 * cycles, rig.Encoder.Count);
        Assert.Equal(EncoderDirection.Forward, rig.Encoder.Direction);
        Assert.Equal(last * 1000, rig.Encoder.LastCountTimestampNs);
        Assert.Equal(0, rig.Encoder.Errors);
    }

    [Fact]
    public void Backward_cycles_count_down_four_per_cycle()
    {
        using var rig = new Rig(countsPerMm: 4);

        rig.Backward(17);

        Assert.Equal(-4 * 17, rig.Encoder.Count);
        Assert.Equal(EncoderDirection.Backward, rig.Encoder.Direction);
    }

    [Fact]
    public void Mixed_directions_add_up_including_a_reversal_within_a_cycle()
    {
        using var rig = new Rig(countsPerMm: 4);

        rig.Forward(10);
        rig.Backward(3);
        rig.Set(PinA, true);
        rig.Set(PinA, false);
        rig.Set(PinB, true);

        // +40 −12, then A up and back down (+1 −1), then B up alone from 00 (−1).
        Assert.Equal(27, rig.Encoder.Count);
        Assert.Equal(EncoderDirection.Backward, rig.Encoder.Direction);
        Assert.Equal(0, rig.Encoder.Errors);
    }

    [Fact]
    public void Both_channels_changing_at_once_is_an_error_and_does_not_move_the_count()
    {
        using var rig = new Rig(countsPerMm: 4);
        rig.Forward(2);

        rig.Encoder.Update(true, true, timestampNs: 123);
        long afterJump = rig.Encoder.Count;
        rig.Encoder.Update(false, true, timestampNs: 124);

        Assert.Equal(8, afterJump);
        Assert.Equal(1, rig.Encoder.Errors);
        Assert.Equal(9, rig.Encoder.Count);
    }

    [Fact]
    public void An_edge_repeating_its_channels_level_is_a_missed_edge_error()
    {
        using var rig = new Rig(countsPerMm: 4);
        IEdgeHandler handler = rig.Encoder;

        handler.OnEdge(new EdgeEvent(PinA, true, 10));
        handler.OnEdge(new EdgeEvent(PinA, true, 20));

        Assert.Equal(1, rig.Encoder.Count);
        Assert.Equal(1, rig.Encoder.Errors);
        Assert.Equal(10, rig.Encoder.LastCountTimestampNs);
    }

    [Fact]
    public void The_position_in_mm_divides_the_count_by_the_counts_per_mm()
    {
        using var rig = new Rig(countsPerMm: 8);

        rig.Forward(10);

        Assert.Equal(5.0, rig.Encoder.PositionMm, precision: 12);
        Assert.Equal(8.0, rig.Encoder.CountsPerMm);
    }

    [Fact]
    public void The_encoder_starts_from_the_levels_the_lines_have()
    {
        var driver = new SimulatedGpioDriver(timeProvider: new ManualTimeProvider());
        using var controller = new GpioController(driver);
        using var encoder = new QuadratureEncoder(
            new ControllerEdgeSource(controller, PinA, PinMode.InputPullUp),
            new ControllerEdgeSource(controller, PinB, PinMode.InputPullUp),
            countsPerMm: 1);

        // From 11 forward: A falls (→ 01).
        driver.InjectInputLevel(PinA, PinValue.Low);

        Assert.Equal(1, encoder.Count);
        Assert.Equal(0, encoder.Errors);
    }

    [Fact]
    public void Ten_thousand_edges_allocate_nothing_in_the_encoder()
    {
        using var rig = new Rig(countsPerMm: 4);
        IEdgeHandler handler = rig.Encoder;
        long t = 0;

        long allocated = SteadyState.AllocatedBytes(() =>
        {
            for (int cycle = 0; cycle < 2_500; cycle++)
            {
                handler.OnEdge(new EdgeEvent(PinA, true, ++t));
                handler.OnEdge(new EdgeEvent(PinB, true, ++t));
                handler.OnEdge(new EdgeEvent(PinA, false, ++t));
                handler.OnEdge(new EdgeEvent(PinB, false, ++t));
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(6 * 10_000, rig.Encoder.Count);
    }

    [Fact]
    public void Channels_on_the_same_pin_are_refused()
    {
        var source = new EdgeRecorderSource(PinA);

        Assert.Throws<ArgumentException>(() => new QuadratureEncoder(source, new EdgeRecorderSource(PinA), 1));
    }

    /// <summary>An encoder on pins 2 (A) and 3 (B) of a simulated chip; edges injected at 10 µs steps.</summary>
    private sealed class Rig : IDisposable
    {
        private long _timeUs;

        public Rig(double countsPerMm)
        {
            Controller = new GpioController(Driver);
            Encoder = new QuadratureEncoder(
                new ControllerEdgeSource(Controller, PinA), new ControllerEdgeSource(Controller, PinB), countsPerMm);
        }

        public SimulatedGpioDriver Driver { get; } = new(timeProvider: new ManualTimeProvider());

        public GpioController Controller { get; }

        public QuadratureEncoder Encoder { get; }

        /// <summary>Drives a line and returns the timestamp (µs) used.</summary>
        public long Set(int pin, bool high)
        {
            _timeUs += 10;
            Driver.InjectInputLevel(pin, high ? PinValue.High : PinValue.Low, _timeUs);
            return _timeUs;
        }

        /// <summary>A leads B: A↑ B↑ A↓ B↓ per cycle, from 00.</summary>
        public long Forward(int cycles)
        {
            long last = 0;
            for (int i = 0; i < cycles; i++)
            {
                Set(PinA, true);
                Set(PinB, true);
                Set(PinA, false);
                last = Set(PinB, false);
            }

            return last;
        }

        /// <summary>B leads A: B↑ A↑ B↓ A↓ per cycle, from 00.</summary>
        public void Backward(int cycles)
        {
            for (int i = 0; i < cycles; i++)
            {
                Set(PinB, true);
                Set(PinA, true);
                Set(PinB, false);
                Set(PinA, false);
            }
        }

        public void Dispose()
        {
            Encoder.Dispose();
            Controller.Dispose();
        }
    }

    /// <summary>A source that never delivers, for argument checks.</summary>
    private sealed class EdgeRecorderSource(int offset) : IEdgeSource
    {
        public int Offset => offset;

        public bool ReadLevel() => false;

        public void Start(IEdgeHandler handler)
        {
        }

        public void Dispose()
        {
        }
    }
}
