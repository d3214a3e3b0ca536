using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// Runs a recipe on single images outside the camera loop: offline replay, the CLI and tests. Wraps each image in
/// a frame without a pool and returns the immutable result.
/// </summary>
public sealed class ImageInspector : IDisposable
{
    private readonly InspectionRecord _record = new();
    private long _sequence;

    /// <summary>Creates an inspector for <paramref name="recipe"/>.</summary>
    public ImageInspector(Recipe recipe, string device = "replay", string camera = "replay")
    {
        Pipeline = new InspectionPipeline(recipe, device, camera);
    }

    /// <summary>The pipeline, whose images and tools hold the last inspection's details.</summary>
    public InspectionPipeline Pipeline { get; }

    /// <summary>
    /// Inspects <paramref name="image"/>: 1-channel images are read as the recipe's Bayer pattern when it has one
    /// (raw frames), else as mono; 3-channel images as BGR.
    /// </summary>
    public InspectionResult Inspect(Mat image, DateTimeOffset? captured = null, long? frameNumber = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var channels = image.Channels();
        if (image.Depth() != MatType.CV_8U || channels is not (1 or 3))
        {
            throw new ArgumentException($"images must be 8-bit with 1 or 3 channels (got depth {image.Depth()}, {channels} channels)", nameof(image));
        }

        var format = channels == 3 ? PixelFormat.Bgr8 : Pipeline.Recipe.Preprocess.Bayer.IsBayer() ? Pipeline.Recipe.Preprocess.Bayer : PixelFormat.Mono8;
        var sequence = ++_sequence;
        var time = captured ?? DateTimeOffset.UtcNow;
        var frame = new Frame(image, format) { Sequence = frameNumber ?? sequence, CaptureTime = time };
        Pipeline.Inspect(frame, _record);
        return Pipeline.ToResult(_record, sequence, DateTimeOffset.UtcNow);
    }

    /// <inheritdoc/>
    public void Dispose() => Pipeline.Dispose();
}
