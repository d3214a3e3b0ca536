using System.Device.Gpio;

namespace EdgeVision.Gpio.Inputs;

/// <summary>A code read from input lines and the time of the strobe edge that latched it.</summary>
/// <param name="Code">The lines read as a binary number, bit 0 from the first line.</param>
/// <param name="TimestampNs">The timestamp of the strobe edge (its first transition), in nanoseconds.</param>
public readonly record struct LatchedCode(int Code, long TimestampNs);

/// <summary>
/// N input lines read as a binary number (e.g. a recipe-select code from a PLC), latched when a debounced strobe input
/// has its active edge; between strobes the latched value holds whatever the code lines do.
/// </summary>
/// <remarks>
/// The code lines are read when the strobe edge is accepted, i.e. after the strobe's debounce window, on the thread that
/// accepted it; the sender must hold the code until then. The callback runs on that thread.
/// </remarks>
public sealed class BinaryCodeInput : IEdgeHandler, IDisposable
{
    /// <summary>The most code lines a code can have.</summary>
    public const int MaxLines = 30;

    private readonly GpioController _controller;
    private readonly int[] _offsets;
    private readonly DebouncedInput _strobe;
    private readonly Action<LatchedCode>? _latched;
    private readonly Lock _lock = new();
    private LatchedCode? _current;
    private long _latchCount;

    /// <summary>Opens the code lines as inputs and starts listening to the strobe, which it then owns.</summary>
    /// <param name="controller">The controller of the code lines; not owned.</param>
    /// <param name="codeOffsets">The pins of the code lines, bit 0 first; none may be open yet.</param>
    /// <param name="strobe">The debounced strobe; its polarity says which edge latches.</param>
    /// <param name="codeMode">Input mode of the code lines (bias).</param>
    /// <param name="latched">Called with each latched code, or null.</param>
    public BinaryCodeInput(
        GpioController controller,
        IReadOnlyList<int> codeOffsets,
        DebouncedInput strobe,
        PinMode codeMode = PinMode.Input,
        Action<LatchedCode>? latched = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(codeOffsets);
        ArgumentNullException.ThrowIfNull(strobe);
        ArgumentOutOfRangeException.ThrowIfLessThan(codeOffsets.Count, 1, nameof(codeOffsets));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(codeOffsets.Count, MaxLines, nameof(codeOffsets));
        _controller = controller;
        _offsets = [.. codeOffsets];
        _strobe = strobe;
        _latched = latched;
        int opened = 0;
        try
        {
            foreach (int offset in _offsets)
            {
                if (controller.IsPinOpen(offset))
                {
                    throw new InvalidOperationException($"Code line pin {offset} is already open.");
                }

                controller.OpenPin(offset, codeMode);
                opened++;
            }
        }
        catch
        {
            for (int i = 0; i < opened; i++)
            {
                controller.ClosePin(_offsets[i]);
            }

            throw;
        }

        strobe.Start(this);
    }

    /// <summary>Gets the number of code lines.</summary>
    public int LineCount => _offsets.Length;

    /// <summary>Gets the last latched code, or null before the first strobe.</summary>
    public LatchedCode? Latched
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Gets how many times a code was latched.</summary>
    public long LatchCount => Interlocked.Read(ref _latchCount);

    /// <summary>Reads the code lines now, without latching.</summary>
    public int ReadCode()
    {
        int code = 0;
        for (int bit = 0; bit < _offsets.Length; bit++)
        {
            if (_controller.Read(_offsets[bit]) == PinValue.High)
            {
                code |= 1 << bit;
            }
        }

        return code;
    }

    /// <inheritdoc/>
    void IEdgeHandler.OnEdge(in EdgeEvent edge)
    {
        var code = new LatchedCode(ReadCode(), edge.TimestampNs);
        lock (_lock)
        {
            _current = code;
        }

        Interlocked.Increment(ref _latchCount);
        _latched?.Invoke(code);
    }

    /// <summary>Stops listening to the strobe (disposing it) and closes the code lines.</summary>
    public void Dispose()
    {
        _strobe.Dispose();
        foreach (int offset in _offsets)
        {
            if (_controller.IsPinOpen(offset))
            {
                _controller.ClosePin(offset);
            }
        }
    }
}
