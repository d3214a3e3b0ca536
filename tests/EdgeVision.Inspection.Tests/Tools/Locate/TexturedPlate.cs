using EdgeVision.Vision.Measurement;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Locate;

/// <summary>
/// Renders a textured plate (200 × 140 px, a checker of gray tiles, a dark hole) at an exact pose, each pixel
/// supersampled 8 × 8 against the plate's geometry; part coordinates have the plate's centre at (0, 0).
/// </summary>
internal static class TexturedPlate
{
    public const double Background = 40;
    public const double HoleU = 55, HoleV = 25, HoleRadius = 11;
    public const double HalfLength = 100, HalfWidth = 70;
    private const int Samples = 8;
    private const double Tile = 20;
    private static readonly byte[] Tiles = MakeTiles();

    /// <summary>The upright plate centred in a template image of the given size (origin at its centre pixel).</summary>
    public static Mat Template(int cols = 240, int rows = 180) =>
        Render(cols, rows, new PartPose(true, (cols - 1) / 2.0, (rows - 1) / 2.0, 0, 0, 0, 0), noise: 0, seed: 0);

    /// <summary>The plate at <paramref name="pose"/> on a plain background, with Gaussian noise of <paramref name="noise"/> gray levels.</summary>
    public static Mat Render(int cols, int rows, PartPose pose, double noise, int seed)
    {
        var image = new Mat(rows, cols, MatType.CV_8UC1, Scalar.All(Background));
        var random = new Random(seed);
        var reach = Math.Sqrt((HalfLength * HalfLength) + (HalfWidth * HalfWidth)) + 2;
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                double value;
                if (Math.Abs(x - pose.X) > reach || Math.Abs(y - pose.Y) > reach)
                {
                    value = Background;
                }
                else
                {
                    var sum = 0.0;
                    for (var j = 0; j < Samples; j++)
                    {
                        for (var i = 0; i < Samples; i++)
                        {
                            var (u, v) = pose.ToPart(x - 0.5 + ((i + 0.5) / Samples), y - 0.5 + ((j + 0.5) / Samples));
                            sum += Shade(u, v);
                        }
                    }

                    value = sum / (Samples * Samples);
                }

                if (noise > 0)
                {
                    value += noise * Gaussian(random);
                }

                image.Set(y, x, (byte)Math.Clamp(Math.Round(value), 0, 255));
            }
        }

        return image;
    }

    private static double Shade(double u, double v)
    {
        if (Math.Abs(u) > HalfLength || Math.Abs(v) > HalfWidth)
        {
            return Background;
        }

        var du = u - HoleU;
        var dv = v - HoleV;
        if ((du * du) + (dv * dv) < HoleRadius * HoleRadius)
        {
            return 15;
        }

        // A band around the hole keeps it on plain plate; elsewhere tiles of assorted gray levels give texture.
        if ((du * du) + (dv * dv) < 32 * 32 || Math.Abs(u) > HalfLength - 10 || Math.Abs(v) > HalfWidth - 10)
        {
            return 200;
        }

        var col = (int)Math.Floor((u + HalfLength) / Tile);
        var row = (int)Math.Floor((v + HalfWidth) / Tile);
        return Tiles[((row * 10) + col) % Tiles.Length];
    }

    private static byte[] MakeTiles()
    {
        var random = new Random(7);
        var tiles = new byte[70];
        for (var k = 0; k < tiles.Length; k++)
        {
            tiles[k] = (byte)random.Next(110, 240);
        }

        return tiles;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
