using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Replay;

/// <summary>Settings of a replay camera: the recording, its frame rate and whether it starts again at the end.</summary>
public sealed record ReplayCameraOptions
{
    /// <summary>A folder of images (played in name order) or a video file.</summary>
    public required string Path { get; init; }

    /// <summary>Frames per second when free-running; 0 delivers them as fast as the consumer takes them.</summary>
    public double FramesPerSecond { get; init; } = 10;

    /// <summary>Start again from the first image at the end; when false the camera delivers nothing after the last one.</summary>
    public bool Loop { get; init; } = true;

    /// <summary>How 1-channel images are read: <see cref="PixelFormat.Mono8"/>, or a Bayer order for raw sensor frames.</summary>
    public PixelFormat SingleChannelFormat { get; init; } = PixelFormat.Mono8;
}

/// <summary>What a recording holds, as found by <see cref="ReplayCamera.Describe"/>.</summary>
/// <param name="IsVideo">True for a video file, false for a folder of images (or a single image file).</param>
/// <param name="Count">Images in the folder, or the video's frame count as its container states it (0 when unknown).</param>
/// <param name="Width">Width of the first image in pixels.</param>
/// <param name="Height">Height of the first image in pixels.</param>
/// <param name="Channels">Channels of the first image after conversion to 8 bits: 1 (mono or raw Bayer) or 3 (BGR).</param>
public readonly record struct ReplayRecording(bool IsVideo, int Count, int Width, int Height, int Channels);
