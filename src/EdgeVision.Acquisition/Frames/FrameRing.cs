using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Frames;

/// <summary>
/// The bounded queue between a camera's acquisition thread and its pipeline worker. When it is full, writing a new
/// frame drops (releases) the oldest one and counts it: a vision pipeline wants the newest image, never a backlog.
/// The ring owns one reference of each frame it holds.
/// </summary>
public sealed class FrameRing
{
    private readonly Frame?[] _slots;
    private readonly object _gate = new();
    private int _head;
    private int _count;
    private long _written;
    private long _dropped;
    private bool _completed;

    /// <summary>Creates a ring holding at most <paramref name="capacity"/> frames.</summary>
    public FrameRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Frame?[capacity];
    }

    /// <summary>Maximum number of frames held.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Frames waiting to be read.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Frames written since start.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Frames dropped because the ring was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Adds a frame, taking over the caller's reference; drops the oldest frame if the ring is full.</summary>
    public void Write(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Frame? dropped = null;
        lock (_gate)
        {
            if (_completed)
            {
                dropped = frame;
            }
            else
            {
                if (_count == _slots.Length)
                {
                    dropped = _slots[_head];
                    _slots[_head] = null;
                    _head = (_head + 1) % _slots.Length;
                    _count--;
                    Interlocked.Increment(ref _dropped);
                }

                _slots[(_head + _count) % _slots.Length] = frame;
                _count++;
                Interlocked.Increment(ref _written);
                Monitor.Pulse(_gate);
            }
        }

        dropped?.Release();
    }

    /// <summary>
    /// Takes the oldest frame (the caller now owns its reference), waiting up to <paramref name="timeout"/>.
    /// Returns false on time-out, or when the ring is completed and empty.
    /// </summary>
    public bool TryRead(TimeSpan timeout, out Frame? frame)
    {
        lock (_gate)
        {
            var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (_count == 0)
            {
                var left = deadline - Environment.TickCount64;
                if (_completed || left <= 0 || !Monitor.Wait(_gate, (int)left))
                {
                    if (_count == 0)
                    {
                        frame = null;
                        return false;
                    }
                }
            }

            frame = _slots[_head];
            _slots[_head] = null;
            _head = (_head + 1) % _slots.Length;
            _count--;
            return true;
        }
    }

    /// <summary>Stops accepting frames; readers drain what is left and then get false. Later writes are released at once.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Releases every frame still held (on shutdown).</summary>
    public void Clear()
    {
        while (TryRead(TimeSpan.Zero, out var frame))
        {
            frame!.Release();
        }
    }
}
