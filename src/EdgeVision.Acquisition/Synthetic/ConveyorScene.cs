using EdgeVision.Vision.Measurement;

namespace EdgeVision.Acquisition.Synthetic;

/// <summary>
/// Decides, from the seed and the frame index alone, what part a synthetic frame shows: pose, hole sizes, defect.
/// Random access by index, so a test can ask what any frame held without rendering it.
/// </summary>
public sealed class ConveyorScene
{
    private const ulong IndexMix = 0xD1B54A32D192ED03UL;
    private readonly SyntheticConveyorOptions _options;

    /// <summary>Creates the scene for <paramref name="options"/>.</summary>
    public ConveyorScene(SyntheticConveyorOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The ground truth of frame <paramref name="index"/> as a new object.</summary>
    public SyntheticPartTruth TruthFor(long index)
    {
        var truth = new SyntheticPartTruth();
        Fill(index, truth);
        return truth;
    }

    /// <summary>Writes the ground truth of frame <paramref name="index"/> into <paramref name="truth"/>.</summary>
    public void Fill(long index, SyntheticPartTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        var o = _options;
        var rng = new SplitMix64(o.Seed ^ ((ulong)index * IndexMix));
        var halfDiagonal = 0.5 * Math.Sqrt((o.PlateLength * o.PlateLength) + (o.PlateWidth * o.PlateWidth));
        var spanX = Math.Max(0, Math.Min(200, (o.Width / 2.0) - halfDiagonal - 8));
        var spanY = Math.Max(0, Math.Min(150, (o.Height / 2.0) - halfDiagonal - 8));
        truth.FrameIndex = index;
        truth.SurfaceMark = default;
        truth.X = (o.Width / 2.0) + rng.Range(-spanX, spanX);
        truth.Y = (o.Height / 2.0) + rng.Range(-spanY, spanY);
        truth.AngleDeg = rng.Range(-o.MaxAngle, o.MaxAngle);
        truth.Length = o.PlateLength;
        truth.Width = o.PlateWidth;

        var d1 = o.HoleDiameter + (o.HoleDiameterSpread * rng.NextGaussian());
        var d2 = o.HoleDiameter + (o.HoleDiameterSpread * rng.NextGaussian());
        bool present1 = true, present2 = true;
        truth.IsDefective = rng.NextDouble() < o.DefectRate;
        var kind = (SyntheticDefectKind)rng.Below(4);
        var which = rng.Below(2);
        var defect = default(DefectTruth);
        if (truth.IsDefective)
        {
            switch (kind)
            {
                case SyntheticDefectKind.MissingHole:
                    (present1, present2) = which == 0 ? (false, true) : (true, false);
                    break;
                case SyntheticDefectKind.WrongHoleDiameter:
                    var factor = rng.NextDouble() < 0.5 ? 0.8 : 1.2;
                    (d1, d2) = which == 0 ? (o.HoleDiameter * factor, d2) : (d1, o.HoleDiameter * factor);
                    break;
                default:
                    break; // surface defects are placed by the renderer, which knows their drawn extent
            }
        }

        var (h1x, h1y) = ToImage(truth, -o.HoleSpacing / 2, 0);
        var (h2x, h2y) = ToImage(truth, o.HoleSpacing / 2, 0);
        truth.Hole1 = new HoleTruth(h1x, h1y, d1, present1);
        truth.Hole2 = new HoleTruth(h2x, h2y, d2, present2);
        if (truth.IsDefective)
        {
            defect = kind switch
            {
                SyntheticDefectKind.MissingHole or SyntheticDefectKind.WrongHoleDiameter => HoleBox(kind, which == 0 ? truth.Hole1 : truth.Hole2, o.HoleDiameter),
                _ => SurfaceDefect(kind, truth, ref rng),
            };
        }

        truth.Defect = defect;
    }

    // Surface defects go in the band between the holes, clear of the holes and of the plate's edges.
    private static DefectTruth SurfaceDefect(SyntheticDefectKind kind, SyntheticPartTruth truth, ref SplitMix64 rng)
    {
        var u = rng.Range(-40, 40);
        var v = rng.Range(-70, 70);
        var size = kind == SyntheticDefectKind.Scratch ? rng.Range(40, 90) : rng.Range(7, 13);
        var angle = rng.Range(0, 180);
        truth.SurfaceMark = new SurfaceMarkTruth(u, v, size, angle);
        var (x, y) = ToImage(truth, u, v);
        if (kind == SyntheticDefectKind.Spot)
        {
            return new DefectTruth(kind, (int)Math.Floor(x - size), (int)Math.Floor(y - size), (int)Math.Ceiling(2 * size) + 1, (int)Math.Ceiling(2 * size) + 1);
        }

        var a = (angle + truth.AngleDeg) * Math.PI / 180;
        double dx = Math.Abs(Math.Cos(a) * size / 2), dy = Math.Abs(Math.Sin(a) * size / 2);
        return new DefectTruth(kind, (int)Math.Floor(x - dx - 2), (int)Math.Floor(y - dy - 2), (int)Math.Ceiling(2 * dx) + 5, (int)Math.Ceiling(2 * dy) + 5);
    }

    private static DefectTruth HoleBox(SyntheticDefectKind kind, HoleTruth hole, double nominal)
    {
        var r = Math.Max(hole.Diameter, nominal) / 2;
        return new DefectTruth(kind, (int)Math.Floor(hole.X - r), (int)Math.Floor(hole.Y - r), (int)Math.Ceiling(2 * r) + 1, (int)Math.Ceiling(2 * r) + 1);
    }

    /// <summary>Maps part coordinates to image pixels for the part in <paramref name="truth"/>.</summary>
    public static (double X, double Y) ToImage(SyntheticPartTruth truth, double u, double v)
    {
        ArgumentNullException.ThrowIfNull(truth);
        return new PartPose(true, truth.X, truth.Y, truth.AngleDeg, truth.Length, truth.Width, 0).ToImage(u, v);
    }
}
