using System.Device.Gpio;
using EdgeVision.Gpio.Inputs;

namespace EdgeVision.Gpio.Tests.Inputs;

public class BinaryCodeInputTests
{
    private const int Strobe = 10;
    private static readonly int[] CodePins = [4, 5, 6, 7];

    [Fact]
    public void A_strobe_edge_latches_the_code_lines_bit_0_first()
    {
        using var rig = new Rig();
        rig.SetCode(0b1011);

        rig.StrobePulse(atUs: 5_000);

        Assert.Equal(new LatchedCode(0b1011, 5_000_000), rig.Input.Latched);
        Assert.Equal([new LatchedCode(0b1011, 5_000_000)], rig.Seen);
    }

    [Fact]
    public void Changing_the_code_lines_without_a_strobe_keeps_the_latched_code()
    {
        using var rig = new Rig();
        rig.SetCode(3);
        rig.StrobePulse(atUs: 5_000);

        rig.SetCode(12);

        Assert.Equal(3, rig.Input.Latched?.Code);
        Assert.Equal(12, rig.Input.ReadCode());
        Assert.Equal(1, rig.Input.LatchCount);
    }

    [Fact]
    public void The_next_strobe_latches_the_new_code()
    {
        using var rig = new Rig();
        rig.SetCode(3);
        rig.StrobePulse(atUs: 5_000);
        rig.SetCode(12);

        rig.StrobePulse(atUs: 20_000);

        Assert.Equal([3, 12], rig.Seen.Select(c => c.Code));
        Assert.Equal(new LatchedCode(12, 20_000_000), rig.Input.Latched);
    }

    [Fact]
    public void Nothing_is_latched_before_the_first_strobe_nor_by_a_bouncing_strobe_glitch()
    {
        using var rig = new Rig();
        rig.SetCode(9);

        rig.Driver.InjectInputLevel(Strobe, PinValue.High, 1_000);
        rig.Driver.InjectInputLevel(Strobe, PinValue.Low, 1_200);
        rig.Strobe.Settle(100_000_000);

        Assert.Null(rig.Input.Latched);
        Assert.Empty(rig.Seen);
    }

    [Fact]
    public void Code_lines_that_are_already_open_are_refused_and_none_stay_open()
    {
        var driver = new SimulatedGpioDriver();
        using var controller = new GpioController(driver);
        controller.OpenPin(6, PinMode.Input);
        using var strobe = new DebouncedInput(new ControllerEdgeSource(controller, Strobe), EdgePolarity.Rising, TimeSpan.FromMilliseconds(1));

        Assert.Throws<InvalidOperationException>(() => new BinaryCodeInput(controller, CodePins, strobe));
        Assert.False(controller.IsPinOpen(4));
        Assert.False(controller.IsPinOpen(5));
    }

    /// <summary>A 4-bit code on pins 4–7 with a rising-edge strobe on pin 10, debounced 1 ms.</summary>
    private sealed class Rig : IDisposable
    {
        public Rig()
        {
            Controller = new GpioController(Driver);
            Strobe = new DebouncedInput(new ControllerEdgeSource(Controller, BinaryCodeInputTests.Strobe), EdgePolarity.Rising, TimeSpan.FromMilliseconds(1));
            Input = new BinaryCodeInput(Controller, CodePins, Strobe, latched: Seen.Add);
        }

        public SimulatedGpioDriver Driver { get; } = new(timeProvider: new ManualTimeProvider());

        public GpioController Controller { get; }

        public DebouncedInput Strobe { get; }

        public BinaryCodeInput Input { get; }

        public List<LatchedCode> Seen { get; } = [];

        public void SetCode(int code)
        {
            for (int bit = 0; bit < CodePins.Length; bit++)
            {
                Driver.InjectInputLevel(CodePins[bit], (code & (1 << bit)) != 0 ? PinValue.High : PinValue.Low);
            }
        }

        /// <summary>A strobe pulse of 5 ms starting at the given time, settled after each edge's window.</summary>
        public void StrobePulse(long atUs)
        {
            Driver.InjectInputLevel(BinaryCodeInputTests.Strobe, PinValue.High, atUs);
            Strobe.Settle((atUs + 2_000) * 1_000);
            Driver.InjectInputLevel(BinaryCodeInputTests.Strobe, PinValue.Low, atUs + 5_000);
            Strobe.Settle((atUs + 7_000) * 1_000);
        }

        public void Dispose()
        {
            Input.Dispose();
            Controller.Dispose();
        }
    }
}
