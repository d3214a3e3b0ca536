using OpenCvSharp;

namespace EdgeVision.Vision;

/// <summary>Takes a <see cref="Frame"/> back when its last holder releases it (implemented by frame pools).</summary>
public interface IFrameOwner
{
    /// <summary>Called exactly once per lease, when the frame's reference count drops to zero.</summary>
    void TakeBack(Frame frame);
}

/// <summary>
/// One captured image with its metadata. The pixels live in a <see cref="Mat"/> allocated once by a pool and reused;
/// a frame is leased out with one reference, holders add references with <see cref="Retain"/> and drop them with
/// <see cref="Release"/>, and the last release hands the frame back to its owner.
/// </summary>
public sealed class Frame
{
    private readonly IFrameOwner? _owner;
    private int _references;

    /// <summary>Creates a frame over a pre-allocated image; <paramref name="owner"/> gets it back on the last release.</summary>
    public Frame(Mat image, PixelFormat format, IFrameOwner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
        Format = format;
        _owner = owner;
    }

    /// <summary>The pixels. Owned by the pool: never dispose it, never keep it after <see cref="Release"/>.</summary>
    public Mat Image { get; }

    /// <summary>Layout of <see cref="Image"/>.</summary>
    public PixelFormat Format { get; set; }

    /// <summary>Source-assigned frame number, increasing by one per captured frame (dropped frames leave gaps downstream).</summary>
    public long Sequence { get; set; }

    /// <summary>Capture time as a <see cref="TimeProvider"/> timestamp (monotonic), for latency arithmetic.</summary>
    public long Timestamp { get; set; }

    /// <summary>Capture time as wall-clock UTC, for reports.</summary>
    public DateTimeOffset CaptureTime { get; set; }

    /// <summary>Identifier of the trigger that caused this capture, or 0 when free-running.</summary>
    public long TriggerId { get; set; }

    /// <summary>
    /// When the trigger that caused this capture happened (its edge), as a <see cref="TimeProvider"/> timestamp like
    /// <see cref="Timestamp"/>; 0 when free-running.
    /// </summary>
    public long TriggerTimestamp { get; set; }

    /// <summary>
    /// Ground truth supplied by a synthetic source (what the image really shows), or null for real cameras.
    /// Owned by the source and reused with the frame: copy what you need before releasing.
    /// </summary>
    public object? Truth { get; set; }

    /// <summary>Current number of holders; 0 when the frame is in its pool.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Marks the frame as leased with one reference (called by the pool when handing it out).</summary>
    public void Lease()
    {
        if (Interlocked.CompareExchange(ref _references, 1, 0) != 0)
        {
            ThrowHelper.ThrowInvalidOperation("Frame leased twice: it was not back in its pool.");
        }
    }

    /// <summary>Adds a holder; each call must be matched by one <see cref="Release"/>.</summary>
    public void Retain()
    {
        if (Interlocked.Increment(ref _references) <= 1)
        {
            Interlocked.Decrement(ref _references); // leave the pooled frame's count as it was
            ThrowHelper.ThrowInvalidOperation("Frame retained after it was returned to its pool.");
        }
    }

    /// <summary>Drops a holder; the last one returns the frame to its owner.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            Truth = null;
            _owner?.TakeBack(this);
        }
        else if (left < 0)
        {
            Interlocked.Increment(ref _references); // leave the pooled frame's count as it was
            ThrowHelper.ThrowInvalidOperation("Frame released more often than it was leased and retained.");
        }
    }
}
