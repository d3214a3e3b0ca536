using System.Device.Gpio;
using EdgeVision.Gpio.Reject;

namespace EdgeVision.Gpio.Tests.Reject;

/// <summary>A reject queue over a real GpioController and the simulated driver, on the manual clock.</summary>
internal sealed class RejectRig : IDisposable
{
    public const int RejectPin = 20;
    public const int PassPin = 21;

    public RejectRig(RejectQueueOptions options, bool withPass = false, IPositionSource? position = null, long start = 0)
    {
        Clock = new ManualDeadlineClock(start);
        Driver = new SimulatedGpioDriver(timeProvider: Clock);
        Controller = new GpioController(Driver);
        Reject = new OutputLine(Controller, "reject", RejectPin, activeLow: false, initialActive: false, safeActive: false);
        Pass = withPass ? new OutputLine(Controller, "pass", PassPin, activeLow: false, initialActive: false, safeActive: false) : null;
        Driver.ClearTransitions();
        Queue = new RejectQueue(options, Clock, Reject, Pass, position);
        Clock.Settle();
    }

    public ManualDeadlineClock Clock { get; }

    public SimulatedGpioDriver Driver { get; }

    public GpioController Controller { get; }

    public OutputLine Reject { get; }

    public OutputLine? Pass { get; }

    public RejectQueue Queue { get; }

    public long[] RisingEdges(int pin) => Driver.Transitions(pin).Where(t => t.IsRising).Select(t => t.Timestamp).ToArray();

    public long[] FallingEdges(int pin) => Driver.Transitions(pin).Where(t => !t.IsRising).Select(t => t.Timestamp).ToArray();

    public void Open(long partId, long triggerTimestamp, long triggerCount = 0)
    {
        Assert.True(Queue.TryOpen(partId, triggerTimestamp, triggerCount), $"part {partId} was refused");
        Clock.Settle();
    }

    public void Dispose()
    {
        Queue.Dispose();
        Pass?.Dispose();
        Reject.Dispose();
        Controller.Dispose();
    }
}
