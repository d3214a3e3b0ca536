using OpenCvSharp;

namespace EdgeVision.Inspection.Results;

/// <summary>
/// A result sink that also wants the part's colour image (e.g. to publish images of failed parts). The pipeline calls
/// <see cref="OfferImage"/> on its thread just before <see cref="IResultSink.Offer"/> with the same result; the image is
/// only valid during the call, so a sink copies what it keeps and returns at once.
/// </summary>
public interface IPartImageSink : IResultSink
{
    /// <summary>Sees the colour image <paramref name="result"/> was judged on; never blocks, never keeps <paramref name="color"/>.</summary>
    void OfferImage(Mat color, InspectionResult result);
}
