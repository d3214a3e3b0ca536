namespace EdgeVision.Mqtt.Images;

/// <summary>Which part images go to the <c>&lt;camera&gt;/image</c> topic, and how big.</summary>
public sealed record PartImageSettings
{
    /// <summary>Publish the image of every failed part.</summary>
    public bool Failed { get; init; } = true;

    /// <summary>Also publish every N-th part's image whatever its verdict; 0 turns this off.</summary>
    public int EveryNth { get; init; }

    /// <summary>Images wider than this are scaled down (aspect kept) before encoding.</summary>
    public int MaxWidth { get; init; } = 640;

    /// <summary>JPEG quality, 1–100.</summary>
    public int JpegQuality { get; init; } = 70;

    /// <summary>Draw the inspection overlay (regions, edges, values) on the image.</summary>
    public bool Overlay { get; init; } = true;

    /// <summary>Images copied and waiting to be encoded; when all are in use further images are dropped and counted.</summary>
    public int Buffers { get; init; } = 2;

    /// <summary>True when no image is ever published.</summary>
    public bool IsOff => !Failed && EveryNth <= 0;
}
