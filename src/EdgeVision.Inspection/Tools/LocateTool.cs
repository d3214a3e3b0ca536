using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools;

/// <summary>A fixture tool: finds the part and gives the pose that moves every fixtured tool's region with it.</summary>
public abstract class LocateTool : InspectionTool, IGeometrySource
{
    /// <summary>Creates the locate tool for <paramref name="settings"/>.</summary>
    protected LocateTool(ToolSettings settings)
        : base(settings)
    {
    }

    /// <summary>The pose found on the current frame (<see cref="PartPose.Found"/> false when none).</summary>
    public PartPose Pose { get; protected set; }

    /// <inheritdoc/>
    public bool TryGetGeometry(out ToolGeometry geometry)
    {
        var a = Pose.AngleDeg * Math.PI / 180;
        geometry = new ToolGeometry(GeometryKind.Point, Pose.X, Pose.Y, Math.Cos(a), Math.Sin(a), 0);
        return Pose.Found;
    }

    /// <inheritdoc/>
    public override void DescribeShapes(ToolContext context, List<OverlayShape> shapes)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (Pose.Found)
        {
            shapes.Add(new OverlayShape(ShapeKind.Box, Tone, Pose.X, Pose.Y, Pose.Length, Pose.Width, Pose.AngleDeg));
            shapes.Add(new OverlayShape(ShapeKind.Marker, ShapeTone.Region, Pose.X, Pose.Y, 20, 0, Pose.AngleDeg));
        }
    }
}
