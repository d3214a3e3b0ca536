using System.Device.Gpio;
using System.Runtime.InteropServices;

namespace EdgeVision.Gpio.Inputs;

/// <summary>
/// Delivers the edges of one line of a Linux gpiochip with the kernel's own timestamps, read through libgpiod v1
/// (Debian's <c>libgpiod.so.2</c>) on a dedicated thread.
/// </summary>
/// <remarks>
/// System.Device.Gpio's drivers drop the kernel timestamp of an edge; this reader keeps it. Since Linux 5.7 the kernel
/// stamps line events with CLOCK_MONOTONIC, the clock of <see cref="System.Diagnostics.Stopwatch"/> and
/// <see cref="TimeProvider.System"/> on Linux, so the timestamps compare with theirs (older kernels use CLOCK_REALTIME).
/// Supported on 64-bit Linux (the binding assumes a 64-bit <c>struct timespec</c>). The reader owns the chip handle and
/// the line request; the reading thread wakes every 100 ms to notice <see cref="Dispose"/>. Nothing is allocated per edge.
/// </remarks>
public sealed class LibGpiodV1EdgeReader : IEdgeSource
{
    private static readonly LibGpiodV1.Timespec PollTimeout = new() { Seconds = 0, Nanoseconds = 100_000_000 };

    private readonly LibGpiodV1.ChipHandle _chip;
    private readonly IntPtr _line;
    private Thread? _thread;
    private IEdgeHandler? _handler;
    private volatile bool _stopping;
    private long _errors;

    /// <summary>Opens the chip and requests both edges of one line as an input.</summary>
    /// <param name="chip">The chip: path (<c>/dev/gpiochip0</c>), name (<c>gpiochip0</c>), label or number.</param>
    /// <param name="offset">The line offset on the chip.</param>
    /// <param name="bias">Input (no bias change), InputPullUp or InputPullDown.</param>
    /// <param name="consumer">The name the kernel shows as the line's user.</param>
    public LibGpiodV1EdgeReader(string chip, int offset, PinMode bias = PinMode.Input, string consumer = "edgevision")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chip);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        int flags = bias switch
        {
            PinMode.Input => 0,
            PinMode.InputPullUp => LibGpiodV1.FlagBiasPullUp,
            PinMode.InputPullDown => LibGpiodV1.FlagBiasPullDown,
            _ => throw new ArgumentException($"An edge reader needs an input mode, not {bias}.", nameof(bias)),
        };
        if (!Environment.Is64BitProcess || !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The libgpiod v1 edge reader runs on 64-bit Linux.");
        }

        Offset = offset;
        _chip = LibGpiodV1.ChipOpenLookup(chip);
        if (_chip.IsInvalid)
        {
            int errno = Marshal.GetLastPInvokeError();
            _chip.Dispose();
            throw new IOException($"Could not open gpiochip '{chip}': {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        try
        {
            _line = LibGpiodV1.ChipGetLine(_chip, (uint)offset);
            if (_line == IntPtr.Zero)
            {
                throw new IOException($"gpiochip '{chip}' has no line {offset}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }

            if (LibGpiodV1.LineRequestBothEdgesEvents(_line, consumer, flags) < 0)
            {
                throw new IOException($"Could not request edge events of line {offset} on '{chip}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
        }
        catch
        {
            _chip.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public int Offset { get; }

    /// <summary>Gets how many waits or reads failed (each is retried after the next poll interval).</summary>
    public long ReadErrors => Interlocked.Read(ref _errors);

    /// <inheritdoc/>
    public bool ReadLevel()
    {
        ObjectDisposedException.ThrowIf(_chip.IsClosed, this);
        int value = LibGpiodV1.LineGetValue(_line);
        if (value < 0)
        {
            throw new IOException($"Could not read line {Offset}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        return value == 1;
    }

    /// <inheritdoc/>
    public void Start(IEdgeHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_chip.IsClosed, this);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
        {
            throw new InvalidOperationException($"The edge reader of line {Offset} is already started.");
        }

        _thread = new Thread(Run)
        {
            IsBackground = true,
            Name = $"gpio edges {Offset}",
            Priority = ThreadPriority.Highest,
        };
        _thread.Start();
    }

    /// <summary>Stops the reading thread, releases the line and closes the chip.</summary>
    public void Dispose()
    {
        if (_chip.IsClosed)
        {
            return;
        }

        _stopping = true;
        _thread?.Join();
        LibGpiodV1.LineRelease(_line);
        _chip.Dispose();
    }

    private void Run()
    {
        IEdgeHandler handler = _handler!;
        while (!_stopping)
        {
            int ready = LibGpiodV1.LineEventWait(_line, in PollTimeout);
            if (ready == 0)
            {
                continue;
            }

            if (ready < 0 || LibGpiodV1.LineEventRead(_line, out LibGpiodV1.LineEvent lineEvent) < 0)
            {
                Interlocked.Increment(ref _errors);
                Thread.Sleep(100);
                continue;
            }

            long timestampNs = (lineEvent.Timestamp.Seconds * 1_000_000_000) + lineEvent.Timestamp.Nanoseconds;
            handler.OnEdge(new EdgeEvent(Offset, lineEvent.EventType == LibGpiodV1.RisingEdge, timestampNs));
        }
    }
}
