using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Sources;

/// <summary>A camera or camera-like source that fills pooled frames: V4L2, network stream, file replay, synthetic.</summary>
public interface IFrameSource : IDisposable
{
    /// <summary>Name used in topics, logs and results.</summary>
    string Name { get; }

    /// <summary>Frame width in pixels.</summary>
    int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    int Height { get; }

    /// <summary>Layout of the frames this source delivers.</summary>
    PixelFormat Format { get; }

    /// <summary>Opens (or re-opens after a failure) the device; throws with a clear message when it cannot.</summary>
    void Open();

    /// <summary>
    /// Waits for the next image and writes it, with its sequence number and timestamps, into <paramref name="frame"/>.
    /// Returns false when cancelled, or when the source has nothing to deliver (a recording that ended); throws when the
    /// device failed (the caller re-opens it).
    /// </summary>
    bool Capture(Frame frame, CancellationToken cancellationToken);
}
