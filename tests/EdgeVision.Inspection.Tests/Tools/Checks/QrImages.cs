using OpenCvSharp;
using QRCoder;

namespace EdgeVision.Inspection.Tests.Tools.Checks;

/// <summary>
/// Test-side QR code images made with QRCoder (OpenCvSharp 4.13 does not wrap <c>cv::QRCodeEncoder</c>): black
/// modules on white, the 4-module quiet zone included, a whole number of pixels per module.
/// </summary>
internal static class QrImages
{
    /// <summary>Renders <paramref name="text"/> at <paramref name="moduleSize"/> pixels per module; <paramref name="modules"/> is the side including the quiet zone.</summary>
    public static Mat Render(string text, int moduleSize, out int modules)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        modules = matrix.Count;
        var image = new Mat(modules * moduleSize, modules * moduleSize, MatType.CV_8UC1, Scalar.All(255));
        for (var row = 0; row < modules; row++)
        {
            for (var col = 0; col < modules; col++)
            {
                if (matrix[row][col])
                {
                    Cv2.Rectangle(image, new Rect(col * moduleSize, row * moduleSize, moduleSize, moduleSize), Scalar.All(0), -1);
                }
            }
        }

        return image;
    }
}
