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

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Measured; i++)
        {
            pipeline.Inspect(frame, record);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Measured;
    }
}
