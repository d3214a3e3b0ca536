using OpenCvSharp;

namespace EdgeVision.Vision.Tests;

/// <summary>Adds seeded Gaussian noise to an 8-bit gray image, so noisy test images are reproducible.</summary>
internal static class GaussianNoise
{
    public static void Add(Mat gray, Random random, double sigma)
    {
        int rows = gray.Rows, cols = gray.Cols;
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                var n = sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                gray.At<byte>(y, x) = (byte)Math.Clamp(Math.Round(gray.At<byte>(y, x) + n), 0, 255);
            }
        }
    }
}
