using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Vision.Measurement;

namespace EdgeVision.Inspection.Tools;

/// <summary>Fixture by blob: the largest bright region above a threshold, its minimum-area rectangle giving the pose and size.</summary>
public sealed record BlobFixtureSettings : ToolSettings
{
    /// <inheritdoc/>
    public override GeometryKind? Geometry => GeometryKind.Point;

    /// <summary>Gray level separating the part (brighter) from the background.</summary>
    public double Threshold { get; init; } = 128;

    /// <summary>Smallest blob area in pixels that counts as a part.</summary>
    public int MinArea { get; init; } = 1000;

    /// <summary>Tolerance of the part's length (long side), or null to only report it.</summary>
    public Tolerance? Length { get; init; }

    /// <summary>Tolerance of the part's width (short side), or null to only report it.</summary>
    public Tolerance? Width { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyList<OutputSpec> Outputs => [new("length", Quantity.Length, Length), new("width", Quantity.Length, Width)];

    /// <inheritdoc/>
    public override InspectionTool Create(RecipeResources resources) => new BlobFixtureTool(this);

    /// <summary>Reads the blob fixture's parameters.</summary>
    public static ToolSettings Read(ToolReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var s = r.Section;
        return new BlobFixtureSettings
        {
            Common = r.Common,
            Threshold = s.Number("threshold", 128, 1, 254),
            MinArea = s.WholeNumber("minArea", 1000, 1),
            Length = r.Tolerance("length", Quantity.Length),
            Width = r.Tolerance("width", Quantity.Length),
        };
    }
}

/// <summary>Runs <see cref="BlobLocator"/> and reports the part's size.</summary>
public sealed class BlobFixtureTool : LocateTool
{
    private readonly BlobFixtureSettings _settings;
    private readonly BlobLocator _locator = new();

    /// <summary>Creates the tool.</summary>
    public BlobFixtureTool(BlobFixtureSettings settings)
        : base(settings) => _settings = settings;

    /// <inheritdoc/>
    protected override ToolStatus Execute(ToolContext context)
    {
        Pose = _locator.Locate(context.Gray, _settings.Threshold, _settings.MinArea);
        if (!Pose.Found)
        {
            return ToolStatus.NotFound;
        }

        Slot(0).Set(Pose.Length, context.Units, Pose.X, Pose.Y);
        Slot(1).Set(Pose.Width, context.Units, Pose.X, Pose.Y);
        return ToolStatus.Pass;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _locator.Dispose();
        }

        base.Dispose(disposing);
    }
}
