namespace EdgeVision.Inspection.Tools;

/// <summary>A mapping from image pixels to millimetres on the inspection plane (a plane calibration).</summary>
public interface IPlaneScale
{
    /// <summary>Millimetres per pixel for a short length around image point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    double MillimetresPerPixelAt(double x, double y);

    /// <summary>The plane position in millimetres of an image point.</summary>
    (double X, double Y) ToPlane(double x, double y);
}

/// <summary>
/// The units a recipe reports lengths and areas in: pixels, or millimetres through a plane calibration. Every tool
/// converts through this one object so a recipe is either wholly calibrated or not at all.
/// </summary>
public sealed class MeasurementUnits
{
    private readonly IPlaneScale? _plane;

    private MeasurementUnits(IPlaneScale? plane) => _plane = plane;

    /// <summary>Pixel units: no conversion.</summary>
    public static MeasurementUnits Pixels { get; } = new(null);

    /// <summary>Millimetre units through <paramref name="plane"/>.</summary>
    public static MeasurementUnits Millimetres(IPlaneScale plane) => new(plane ?? throw new ArgumentNullException(nameof(plane)));

    /// <summary>True when lengths are converted to millimetres.</summary>
    public bool IsCalibrated => _plane is not null;

    /// <summary>The plane calibration, when calibrated.</summary>
    public IPlaneScale? Plane => _plane;

    /// <summary>The unit name reported for <paramref name="quantity"/>.</summary>
    public string UnitOf(Quantity quantity) => quantity switch
    {
        Quantity.Length => IsCalibrated ? "mm" : "px",
        Quantity.Area => IsCalibrated ? "mm2" : "px2",
        Quantity.Angle => "deg",
        Quantity.Count => "count",
        Quantity.Intensity => "gray",
        Quantity.Color => "lab",
        _ => "ratio",
    };

    /// <summary>Converts <paramref name="pixels"/> of <paramref name="quantity"/> measured around image point (x, y) to report units.</summary>
    public double Convert(Quantity quantity, double pixels, double x, double y)
    {
        if (_plane is null || double.IsNaN(pixels))
        {
            return pixels;
        }

        return quantity switch
        {
            Quantity.Length => pixels * _plane.MillimetresPerPixelAt(x, y),
            Quantity.Area => pixels * Square(_plane.MillimetresPerPixelAt(x, y)),
            _ => pixels,
        };
    }

    private static double Square(double v) => v * v;
}
