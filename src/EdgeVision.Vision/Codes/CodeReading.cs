using OpenCvSharp;

namespace EdgeVision.Vision.Codes;

/// <summary>The four corners of a code in image pixels, in the order the decoder reported them (around the symbol).</summary>
/// <param name="P0">First corner.</param>
/// <param name="P1">Second corner.</param>
/// <param name="P2">Third corner.</param>
/// <param name="P3">Fourth corner.</param>
public readonly record struct CodeQuad(Point2f P0, Point2f P1, Point2f P2, Point2f P3)
{
    /// <summary>The mean of the four corners.</summary>
    public Point2f Center => new((P0.X + P1.X + P2.X + P3.X) / 4, (P0.Y + P1.Y + P2.Y + P3.Y) / 4);
}

/// <summary>One decoded code.</summary>
/// <param name="Symbology">What kind of code it is.</param>
/// <param name="Text">The decoded content (UTF-8 decoded for QR codes; the digits for EAN/UPC).</param>
/// <param name="Corners">Where it is in the image.</param>
/// <param name="Engine">Which decoder read it.</param>
public readonly record struct CodeReading(CodeSymbology Symbology, string Text, CodeQuad Corners, CodeEngine Engine);
