using OpenCvSharp;

namespace EdgeVision.Acquisition.Replay;

/// <summary>One recorded image: its name (file name, or the video's name and frame number) and 8-bit pixels.</summary>
public sealed record ReplayImage(string Name, int Index, Mat Image) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Reads recorded images for offline replay: every image file of a folder in name order (PNG, JPEG, BMP, TIFF;
/// raw Bayer PNGs stay 1-channel so the recipe's debayer step applies), or every frame of a video file through
/// OpenCV's FFmpeg backend. 16-bit images are scaled to 8 bits and alpha is dropped.
/// </summary>
public sealed class ReplayReader
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm", ".ppm"];

    private readonly string _path;

    /// <summary>Reads from <paramref name="path"/>, a folder of images or a video file.</summary>
    public ReplayReader(string path)
    {
        _path = Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));
        if (Directory.Exists(_path))
        {
            Files = ImageFilesIn(_path);
            IsVideo = false;
        }
        else if (File.Exists(_path))
        {
            Files = [_path];
            IsVideo = !IsImageFile(_path);
        }
        else
        {
            throw new FileNotFoundException($"replay source '{path}' is neither a folder nor a file", path);
        }
    }

    /// <summary>True when <paramref name="path"/> has the extension of an image file the readers decode.</summary>
    public static bool IsImageFile(string path) => ImageExtensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The image files directly in <paramref name="directory"/>, in name order.</summary>
    public static IReadOnlyList<string> ImageFilesIn(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(IsImageFile).Order(StringComparer.Ordinal)];

    /// <summary>True when the source is a video file.</summary>
    public bool IsVideo { get; }

    /// <summary>The image files (or the one video file).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The number of images, or the video's frame count as its container states it (may be 0 when unknown).</summary>
    public int Count
    {
        get
        {
            if (!IsVideo)
            {
                return Files.Count;
            }

            using var capture = new VideoCapture(_path, VideoCaptureAPIs.FFMPEG);
            return capture.IsOpened() ? Math.Max(0, (int)capture.Get(VideoCaptureProperties.FrameCount)) : 0;
        }
    }

    /// <summary>Reads the images in order; the caller disposes each.</summary>
    public IEnumerable<ReplayImage> Read()
    {
        if (IsVideo)
        {
            foreach (var frame in ReadVideo())
            {
                yield return frame;
            }

            yield break;
        }

        for (var i = 0; i < Files.Count; i++)
        {
            var raw = Cv2.ImRead(Files[i], ImreadModes.Unchanged);
            if (raw.Empty())
            {
                raw.Dispose();
                throw new InvalidDataException($"'{Files[i]}' could not be decoded as an image");
            }

            yield return new ReplayImage(Path.GetFileName(Files[i]), i, ToEightBit(raw));
        }
    }

    private IEnumerable<ReplayImage> ReadVideo()
    {
        using var capture = new VideoCapture(_path, VideoCaptureAPIs.FFMPEG);
        if (!capture.IsOpened())
        {
            throw new InvalidDataException($"'{_path}' could not be opened as a video");
        }

        var name = Path.GetFileName(_path);
        for (var i = 0; ; i++)
        {
            var frame = new Mat();
            if (!capture.Read(frame) || frame.Empty())
            {
                frame.Dispose();
                yield break;
            }

            yield return new ReplayImage($"{name}#{i:D6}", i, frame);
        }
    }

    /// <summary>Converts 16-bit to 8-bit and BGRA to BGR, disposing <paramref name="raw"/> when a copy is made.</summary>
    internal static Mat ToEightBit(Mat raw)
    {
        var image = raw;
        if (image.Depth() == MatType.CV_16U)
        {
            var scaled = new Mat();
            image.ConvertTo(scaled, MatType.CV_8U, 1.0 / 257);
            image.Dispose();
            image = scaled;
        }

        if (image.Channels() == 4)
        {
            var bgr = new Mat();
            Cv2.CvtColor(image, bgr, ColorConversionCodes.BGRA2BGR);
            image.Dispose();
            image = bgr;
        }

        return image;
    }
}
