using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Vision;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools;

/// <summary>Bytes a whole pipeline pass allocates per frame once warm, on one mono image reused frame after frame.</summary>
internal static class PipelineAllocation
{
    private const int WarmUp = 20;
    private const int Measured = 200;

    public static double BytesPerFrame(Recipe recipe, Mat image)
    {
        using var pipeline = new InspectionPipeline(recipe, "test", "test");
        var record = new InspectionRecord();
        var frame = new Frame(image, PixelFormat.Mono8);
        for (var i = 0; i < WarmUp; i++)
        {
            pipeline.Inspect(frame, record);
        }

        return SteadyBytesPerFrame(pipeline, frame, record, Measured);
    }

    /// <summary>
    /// Bytes per <see cref="InspectionPipeline.Inspect"/> of a warm pipeline: the least of three windows of
    /// <paramref name="frames"/> frames, since steady-state allocation shows in every window and a one-off runtime
    /// event (tiered JIT, a lazily built cache) in at most one.
    /// </summary>
    public static double SteadyBytesPerFrame(InspectionPipeline pipeline, Frame frame, InspectionRecord record, int frames)
    {
        var least = double.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < frames; i++)
            {
                pipeline.Inspect(frame, record);
            }

            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)frames);
        }

        return least;
    }
}
