using System.Collections.Concurrent;
using EdgeVision.Inspection.Overlay;
using EdgeVision.Inspection.Results;
using OpenCvSharp;

namespace EdgeVision.Mqtt.Images;

/// <summary>A copied part image waiting to be encoded; return it with <see cref="PartImages.Release"/>.</summary>
public sealed class PartImage
{
    internal PartImage(Mat image) => Image = image;

    /// <summary>The full-resolution colour image (BGR), reused between parts.</summary>
    public Mat Image { get; }

    /// <summary>The result the image belongs to.</summary>
    public InspectionResult? Result { get; internal set; }
}

/// <summary>
/// Chooses the part images to publish (failed parts, every N-th part) and copies them on the pipeline thread into a
/// small pool of reused buffers; the publisher encodes them later on its own thread (overlay, downscale, JPEG). When
/// every buffer is in use the image is dropped and counted: images are best-effort, results are not.
/// </summary>
public sealed class PartImages : IDisposable
{
    private readonly PartImageSettings _settings;
    private readonly ConcurrentBag<PartImage> _free = [];
    private readonly ConcurrentDictionary<string, PartImage?> _pending = new(StringComparer.Ordinal);
    private readonly List<PartImage> _all = [];
    private long _dropped;

    /// <summary>Creates the pool.</summary>
    public PartImages(PartImageSettings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        for (var i = 0; i < Math.Max(1, settings.Buffers); i++)
        {
            var image = new PartImage(new Mat());
            _all.Add(image);
            _free.Add(image);
        }
    }

    /// <summary>Images not published because every buffer was in use.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Called on the pipeline thread with the colour image of <paramref name="result"/>: copies it when the part's image is
    /// wanted. The copy is held for the camera until <see cref="Take"/> collects it with the result.
    /// </summary>
    public void Offer(Mat color, InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(color);
        ArgumentNullException.ThrowIfNull(result);
        if (!Wanted(result))
        {
            return;
        }

        if (!_free.TryTake(out var slot))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        color.CopyTo(slot.Image); // reuses the buffer once it has the size
        slot.Result = result;
        if (_pending.TryGetValue(result.Camera, out var stale) && stale is not null)
        {
            Release(stale); // never collected (the result was not offered): give the buffer back
        }

        _pending[result.Camera] = slot;
    }

    /// <summary>The image copied for <paramref name="result"/>, if one was; the caller must <see cref="Release"/> it.</summary>
    public PartImage? Take(InspectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_pending.TryGetValue(result.Camera, out var slot) && slot is not null && ReferenceEquals(slot.Result, result))
        {
            _pending[result.Camera] = null;
            return slot;
        }

        return null;
    }

    /// <summary>Returns a buffer to the pool.</summary>
    public void Release(PartImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        image.Result = null;
        _free.Add(image);
    }

    /// <summary>Encodes the image as the topic publishes it: overlay, scaled to the width limit, JPEG.</summary>
    public byte[] Encode(PartImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (_settings.Overlay && image.Result is not null)
        {
            OverlayRenderer.Draw(image.Image, image.Result);
        }

        var source = image.Image;
        using var scaled = new Mat();
        if (source.Width > _settings.MaxWidth)
        {
            var height = Math.Max(1, (int)Math.Round(source.Height * (double)_settings.MaxWidth / source.Width));
            Cv2.Resize(source, scaled, new Size(_settings.MaxWidth, height), interpolation: InterpolationFlags.Area);
            source = scaled;
        }

        Cv2.ImEncode(".jpg", source, out var jpeg, [(int)ImwriteFlags.JpegQuality, Math.Clamp(_settings.JpegQuality, 1, 100)]);
        return jpeg;
    }

    private bool Wanted(InspectionResult result)
    {
        if (_settings.Failed && result.Verdict != Verdict.Pass)
        {
            return true;
        }

        return _settings.EveryNth > 0 && result.Sequence % _settings.EveryNth == 0;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var image in _all)
        {
            image.Image.Dispose();
        }
    }
}
