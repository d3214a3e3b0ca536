namespace EdgeVision.Vision.Codes;

/// <summary>
/// The kinds of code the reader can report. OpenCV 4.13 decodes QR codes and, of the 1D codes, only the EAN/UPC
/// family; Code 128, Code 39 and others are located by its barcode detector but never decoded.
/// </summary>
public enum CodeSymbology
{
    /// <summary>A type string the reader does not know.</summary>
    Unknown,

    /// <summary>QR code (model 2).</summary>
    Qr,

    /// <summary>EAN-13 (13 digits including the check digit).</summary>
    Ean13,

    /// <summary>EAN-8 (8 digits including the check digit).</summary>
    Ean8,

    /// <summary>UPC-A (12 digits including the check digit).</summary>
    UpcA,

    /// <summary>UPC-E (the zero-suppressed 8-digit form of UPC-A).</summary>
    UpcE,

    /// <summary>The 2- or 5-digit add-on symbol of EAN/UPC.</summary>
    UpcEanExtension,
}

/// <summary>Which OpenCV decoder produced a reading.</summary>
public enum CodeEngine
{
    /// <summary><c>cv::QRCodeDetector</c> (objdetect).</summary>
    OpenCvQr,

    /// <summary><c>cv::wechat_qrcode::WeChatQRCode</c> (contrib), run without its CNN models.</summary>
    WeChatQr,

    /// <summary><c>cv::barcode::BarcodeDetector</c> (objdetect), run without its super-resolution model.</summary>
    OpenCvBarcode,
}

/// <summary>Which families of code a <see cref="CodeReader"/> looks for.</summary>
[Flags]
public enum CodeKinds
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>QR codes.</summary>
    Qr = 1,

    /// <summary>1D barcodes (EAN/UPC).</summary>
    Barcode = 2,

    /// <summary>QR codes and 1D barcodes.</summary>
    All = Qr | Barcode,
}
