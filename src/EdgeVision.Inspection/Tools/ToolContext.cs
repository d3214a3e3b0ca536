using EdgeVision.Vision.Geometry;
using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tools;

/// <summary>
/// What a tool sees of the current frame: the corrected gray and colour images, the fixture pose and the recipe's
/// units. One instance per pipeline, refilled every frame.
/// </summary>
public sealed class ToolContext
{
    /// <summary>Creates a context reporting in <paramref name="units"/>.</summary>
    public ToolContext(MeasurementUnits units) => Units = units ?? throw new ArgumentNullException(nameof(units));

    /// <summary>The 8-bit gray image of the frame.</summary>
    public Mat Gray { get; internal set; } = null!;

    /// <summary>The 8-bit BGR image of the frame (white-balanced, colour-corrected).</summary>
    public Mat Color { get; internal set; } = null!;

    /// <summary>Where the part is; identity (origin, 0°) when the recipe has no fixture.</summary>
    public PartPose Pose { get; internal set; }

    /// <summary>Units measurements are reported in.</summary>
    public MeasurementUnits Units { get; }

    /// <summary>The image placement of a tool's region: moved by the pose when the tool is fixtured.</summary>
    public RotatedRoi Place(ToolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Fixtured ? settings.Roi.PlacedBy(Pose) : settings.Roi;
    }
}
