using EdgeVision.Acquisition.Sources;
using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Acquisition.Replay;

/// <summary>
/// A live camera made of a recording: the images of a folder in name order, or the frames of a video file (OpenCV's
/// FFmpeg backend), delivered at a fixed rate when free-running, or one per call as fast as asked (rate 0, which a
/// triggered camera uses: each trigger gets the next image). At the end it starts again, or, without
/// <see cref="ReplayCameraOptions.Loop"/>, delivers nothing more (<see cref="Ended"/>).
/// </summary>
/// <remarks>
/// The frame size and format are those of the first image (1-channel images as <see cref="ReplayCameraOptions.SingleChannelFormat"/>,
/// colour as BGR; 16-bit scaled to 8 bits, alpha dropped); an image that differs is not delivered: <see cref="Capture"/>
/// throws naming it, after moving past it, so the camera runner counts a capture error and goes on with the next.
/// Each image is decoded on capture and copied into the pooled frame (decoding allocates native memory per image; a
/// replay camera is for development and line trials, not for the allocation-free path of a real camera).
/// </remarks>
public sealed class ReplayCamera : IFrameSource
{
    private static readonly TimeSpan EndedWait = TimeSpan.FromMilliseconds(100);

    private readonly ReplayCameraOptions _options;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _files;
    private readonly bool _isVideo;
    private readonly int _channels;
    private VideoCapture? _video;
    private Mat? _videoFrame;
    private int _position; // next image of the folder, or next frame of the video
    private long _sequence;
    private readonly FramePacer _pacer;
    private long _loops;
    private volatile bool _ended;

    /// <summary>Looks at the recording (the first image gives the frame size and format); nothing stays open until <see cref="Open"/>.</summary>
    /// <exception cref="FileNotFoundException">The path is neither a folder nor a file.</exception>
    /// <exception cref="InvalidDataException">The folder holds no images, or the first image or frame cannot be decoded.</exception>
    public ReplayCamera(string name, ReplayCameraOptions options, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (!double.IsFinite(options.FramesPerSecond) || options.FramesPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.FramesPerSecond, "Frames per second must be 0 (unpaced) or more.");
        }

        if (options.SingleChannelFormat == PixelFormat.Bgr8)
        {
            throw new ArgumentException("1-channel images are read as mono or a Bayer order, not BGR.", nameof(options));
        }

        _time = time ?? TimeProvider.System;
        _pacer = new FramePacer(options.FramesPerSecond, _time);
        var reader = new ReplayReader(options.Path);
        _files = reader.Files;
        _isVideo = reader.IsVideo;
        var recording = DescribeFirst(reader);
        (Width, Height, _channels, RecordingLength) = (recording.Width, recording.Height, recording.Channels, recording.Count);
        Format = _channels == 3 ? PixelFormat.Bgr8 : options.SingleChannelFormat;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public int Width { get; }

    /// <inheritdoc/>
    public int Height { get; }

    /// <inheritdoc/>
    public PixelFormat Format { get; }

    /// <summary>Images in the recording (for a video, the frame count its container states, 0 when unknown).</summary>
    public int RecordingLength { get; }

    /// <summary>How many times the recording started again from its first image.</summary>
    public long Loops => Interlocked.Read(ref _loops);

    /// <summary>True once a recording that does not loop has delivered its last image.</summary>
    public bool Ended => _ended;

    /// <summary>
    /// Describes the recording at <paramref name="path"/> (a folder of images or a video) by decoding its first image;
    /// throws with a message naming the problem when it cannot be replayed. Used to validate configuration.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path is neither a folder nor a file.</exception>
    /// <exception cref="InvalidDataException">The folder holds no images, or the first image or frame cannot be decoded.</exception>
    public static ReplayRecording Describe(string path) => DescribeFirst(new ReplayReader(path));

    private static ReplayRecording DescribeFirst(ReplayReader reader)
    {
        if (reader.Files.Count == 0)
        {
            throw new InvalidDataException("the folder holds no image files (.png, .jpg, .jpeg, .bmp, .tif, .tiff, .pgm, .ppm)");
        }

        using var first = reader.IsVideo ? FirstVideoFrame(reader.Files[0]) : ReadImage(reader.Files[0]);
        var channels = first.Channels();
        if (first.Depth() != MatType.CV_8U || channels is not (1 or 3))
        {
            throw new InvalidDataException($"'{reader.Files[0]}' has {channels} channels of depth {first.Depth()}; a replay camera needs 8-bit mono, raw Bayer or colour images");
        }

        return new ReplayRecording(reader.IsVideo, reader.Count, first.Cols, first.Rows, channels);
    }

    /// <inheritdoc/>
    public void Open()
    {
        if (_isVideo && _video is null)
        {
            OpenVideo();
        }

        _pacer.Restart();
    }

    /// <summary>
    /// Waits for the frame's time (free-running) and delivers the next image of the recording. Returns false when
    /// cancelled, and, after a short wait, when a recording that does not loop has ended.
    /// </summary>
    /// <exception cref="InvalidDataException">The image cannot be decoded or differs in size or channels from the first (the next capture goes on with the image after it).</exception>
    public bool Capture(Frame frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_ended)
        {
            cancellationToken.WaitHandle.WaitOne(EndedWait);
            return false;
        }

        if (!_pacer.WaitForNextFrame(cancellationToken))
        {
            return false;
        }

        if (!(_isVideo ? NextVideoFrame(frame.Image) : NextImage(frame.Image)))
        {
            return false;
        }

        frame.Format = Format;
        frame.Sequence = _sequence++;
        frame.Timestamp = _time.GetTimestamp();
        frame.CaptureTime = _time.GetUtcNow();
        frame.TriggerId = 0;
        frame.TriggerTimestamp = 0;
        frame.Truth = null;
        return true;
    }

    private bool NextImage(Mat destination)
    {
        if (_position == _files.Count && !Restart())
        {
            return false;
        }

        var file = _files[_position++];
        using var image = ReadImage(file);
        CopyChecked(image, destination, file);
        return true;
    }

    private bool NextVideoFrame(Mat destination)
    {
        if (_video is null)
        {
            ThrowHelper.ThrowInvalidOperation("Open the camera before capturing.");
        }

        if (!_video.Read(_videoFrame!) || _videoFrame!.Empty())
        {
            if (!Restart())
            {
                return false;
            }

            if (!_video.Read(_videoFrame!) || _videoFrame!.Empty())
            {
                throw new InvalidDataException($"'{_files[0]}' gave no frame after it was opened again");
            }
        }

        var name = $"{Path.GetFileName(_files[0])}#{_position++}";
        CopyChecked(_videoFrame, destination, name);
        return true;
    }

    /// <summary>At the end of the recording: starts it again (true), or marks the camera ended (false).</summary>
    private bool Restart()
    {
        if (!_options.Loop)
        {
            _ended = true;
            return false;
        }

        _position = 0;
        Interlocked.Increment(ref _loops);
        if (_isVideo)
        {
            // Re-opening is exact; seeking to frame 0 is not reliable with every container.
            _video?.Dispose();
            _video = null;
            OpenVideo();
        }

        return true;
    }

    private void OpenVideo()
    {
        _video = new VideoCapture(_files[0], VideoCaptureAPIs.FFMPEG);
        if (!_video.IsOpened())
        {
            _video.Dispose();
            _video = null;
            throw new InvalidDataException($"'{_files[0]}' could not be opened as a video");
        }

        _videoFrame ??= new Mat();
    }

    private void CopyChecked(Mat image, Mat destination, string name)
    {
        if (image.Cols != Width || image.Rows != Height || image.Channels() != _channels || image.Depth() != MatType.CV_8U)
        {
            throw new InvalidDataException(
                $"'{name}' is {image.Cols}×{image.Rows} with {image.Channels()} channel(s); camera '{Name}' delivers {Width}×{Height} with {_channels} (from the first image); skipped");
        }

        image.CopyTo(destination); // same size and type: OpenCV copies into the pooled buffer without reallocating it
    }

    private static Mat ReadImage(string file)
    {
        var raw = Cv2.ImRead(file, ImreadModes.Unchanged);
        if (raw.Empty())
        {
            raw.Dispose();
            throw new InvalidDataException($"'{file}' could not be decoded as an image");
        }

        return ReplayReader.ToEightBit(raw);
    }

    private static Mat FirstVideoFrame(string file)
    {
        using var capture = new VideoCapture(file, VideoCaptureAPIs.FFMPEG);
        if (!capture.IsOpened())
        {
            throw new InvalidDataException($"'{file}' could not be opened as a video");
        }

        var frame = new Mat();
        if (!capture.Read(frame) || frame.Empty())
        {
            frame.Dispose();
            throw new InvalidDataException($"'{file}' holds no frame that can be decoded");
        }

        return frame;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _video?.Dispose();
        _videoFrame?.Dispose();
        _video = null;
        _videoFrame = null;
    }
}
