using System.Device.Gpio;

namespace EdgeVision.Gpio.Tests.Inputs;

/// <summary>
/// A driver that raises plain <see cref="PinValueChangedEventArgs"/> without a timestamp, as System.Device.Gpio's
/// libgpiod and sysfs drivers do; it passes everything else to a controller over a <see cref="SimulatedGpioDriver"/>.
/// </summary>
internal sealed class UnstampedGpioDriver(SimulatedGpioDriver inner) : GpioDriver
{
    private readonly GpioController _inner = new(inner);
    private readonly Dictionary<PinChangeEventHandler, PinChangeEventHandler> _relays = [];

    protected override int PinCount => _inner.PinCount;

    protected override void OpenPin(int pinNumber) => _inner.OpenPin(pinNumber);

    protected override void ClosePin(int pinNumber) => _inner.ClosePin(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _inner.SetPinMode(pinNumber, mode);

    protected override PinMode GetPinMode(int pinNumber) => _inner.GetPinMode(pinNumber);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => _inner.IsPinModeSupported(pinNumber, mode);

    protected override PinValue Read(int pinNumber) => _inner.Read(pinNumber);

    protected override void Write(int pinNumber, PinValue value) => _inner.Write(pinNumber, value);

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        _inner.WaitForEvent(pinNumber, eventTypes, cancellationToken);

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        PinChangeEventHandler relay = (sender, e) => callback(this, new PinValueChangedEventArgs(e.ChangeType, e.PinNumber));
        _relays[callback] = relay;
        _inner.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, relay);
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        if (_relays.Remove(callback, out PinChangeEventHandler? relay))
        {
            _inner.UnregisterCallbackForPinValueChangedEvent(pinNumber, relay);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
