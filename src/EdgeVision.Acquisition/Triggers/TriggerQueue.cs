namespace EdgeVision.Acquisition.Triggers;

/// <summary>One acquisition request: the part's trigger id and when the trigger happened (a monotonic timestamp).</summary>
public readonly record struct TriggerRequest(long Id, long Timestamp);

/// <summary>
/// Trigger requests waiting for a triggered camera: a bounded FIFO filled by whatever triggers (a GPIO edge, an
/// HTTP or MQTT command) and drained by the camera's acquisition thread, one frame per request. A preallocated ring:
/// firing and taking allocate nothing. When full, a new trigger is refused and counted — the part it belonged to
/// gets no image, which the caller must treat as a failed inspection.
/// </summary>
public sealed class TriggerQueue : IDisposable
{
    private readonly TriggerRequest[] _ring;
    private readonly SemaphoreSlim _available = new(0);
    private readonly object _gate = new();
    private int _head;
    private int _count;
    private long _fired;
    private long _overflows;

    /// <summary>Creates a queue holding at most <paramref name="capacity"/> waiting triggers.</summary>
    public TriggerQueue(int capacity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new TriggerRequest[capacity];
    }

    /// <summary>Triggers accepted.</summary>
    public long Fired => Interlocked.Read(ref _fired);

    /// <summary>Triggers refused because the queue was full.</summary>
    public long Overflows => Interlocked.Read(ref _overflows);

    /// <summary>Triggers waiting.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Queues a trigger; false (and counted) when the queue is full.</summary>
    public bool Fire(long id, long timestamp)
    {
        lock (_gate)
        {
            if (_count == _ring.Length)
            {
                _overflows++;
                return false;
            }

            _ring[(_head + _count) % _ring.Length] = new TriggerRequest(id, timestamp);
            _count++;
            _fired++;
        }

        _available.Release();
        return true;
    }

    /// <summary>Takes the oldest trigger, waiting up to <paramref name="timeout"/>; false on time-out or cancellation.</summary>
    public bool TryTake(TimeSpan timeout, CancellationToken cancellationToken, out TriggerRequest request)
    {
        request = default;
        try
        {
            if (!_available.Wait(timeout, cancellationToken))
            {
                return false;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        lock (_gate)
        {
            request = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            _count--;
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _available.Dispose();
}
