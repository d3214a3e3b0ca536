using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Acquisition.Frames;

/// <summary>
/// A fixed set of frames whose pixel buffers are allocated once at start-up and leased out again and again.
/// A lease is returned when the frame's last holder calls <see cref="Frame.Release"/>.
/// </summary>
public sealed class FramePool : IFrameOwner, IDisposable
{
    private readonly Frame[] _all;
    private readonly Frame[] _free;
    private readonly object _gate = new();
    private int _freeCount;
    private long _leases;
    private long _returns;
    private bool _disposed;

    /// <summary>Allocates <paramref name="capacity"/> frames of <paramref name="width"/>×<paramref name="height"/> in <paramref name="format"/>.</summary>
    public FramePool(int capacity, int width, int height, PixelFormat format)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        Format = format;
        _all = new Frame[capacity];
        _free = new Frame[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _all[i] = new Frame(new Mat(height, width, format.MatType(), Scalar.All(0)), format, this);
            _free[i] = _all[i];
        }

        _freeCount = capacity;
    }

    /// <summary>Width of every frame in pixels.</summary>
    public int Width { get; }

    /// <summary>Height of every frame in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixel layout of every frame.</summary>
    public PixelFormat Format { get; }

    /// <summary>Number of frames the pool owns.</summary>
    public int Capacity => _all.Length;

    /// <summary>Frames currently in the pool, ready to lease.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _freeCount;
            }
        }
    }

    /// <summary>Frames leased and not yet returned.</summary>
    public int Outstanding => Capacity - Available;

    /// <summary>Total leases handed out since start.</summary>
    public long Leases => Interlocked.Read(ref _leases);

    /// <summary>Total frames returned since start.</summary>
    public long Returns => Interlocked.Read(ref _returns);

    /// <summary>Leases a frame, waiting up to <paramref name="timeout"/> for one to come back; null if none did.</summary>
    public Frame? TryRent(TimeSpan timeout)
    {
        Frame frame;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_freeCount == 0 && (timeout <= TimeSpan.Zero || !WaitForFree(timeout)))
            {
                return null;
            }

            frame = _free[--_freeCount];
            _free[_freeCount] = null!;
        }

        frame.Lease();
        Interlocked.Increment(ref _leases);
        return frame;
    }

    private bool WaitForFree(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (_freeCount == 0 && !_disposed)
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || !Monitor.Wait(_gate, (int)left))
            {
                return _freeCount > 0;
            }
        }

        return _freeCount > 0 && !_disposed;
    }

    /// <inheritdoc/>
    void IFrameOwner.TakeBack(Frame frame)
    {
        lock (_gate)
        {
            if (Array.IndexOf(_all, frame) < 0 || _freeCount == _all.Length)
            {
                ThrowHelper.ThrowInvalidOperation("A frame came back to a pool that does not own it or is already full.");
            }

            _free[_freeCount++] = frame;
            Interlocked.Increment(ref _returns);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Frees every pixel buffer. Frames still leased must not be used afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var frame in _all)
        {
            frame.Image.Dispose();
        }
    }
}
