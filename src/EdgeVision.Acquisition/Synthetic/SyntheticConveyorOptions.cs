using EdgeVision.Vision;

namespace EdgeVision.Acquisition.Synthetic;

/// <summary>Settings of the synthetic conveyor camera: image size, rate, seed, defect rate and part geometry.</summary>
public sealed record SyntheticConveyorOptions
{
    /// <summary>Image width in pixels (at least 640).</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Image height in pixels (at least 480).</summary>
    public int Height { get; init; } = 960;

    /// <summary>Frames (parts) per second; 0 runs as fast as the consumer takes them.</summary>
    public double FramesPerSecond { get; init; } = 10;

    /// <summary>Seed: the same seed gives the same parts, frame for frame.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Fraction of parts that carry a defect, 0 to 1.</summary>
    public double DefectRate { get; init; } = 0.25;

    /// <summary>Bayer order of the simulated sensor.</summary>
    public PixelFormat Format { get; init; } = PixelFormat.BayerRggb8;

    /// <summary>Plate length in pixels.</summary>
    public double PlateLength { get; init; } = 440;

    /// <summary>Plate width in pixels.</summary>
    public double PlateWidth { get; init; } = 280;

    /// <summary>Distance between the two hole centres in pixels.</summary>
    public double HoleSpacing { get; init; } = 280;

    /// <summary>Nominal hole diameter in pixels.</summary>
    public double HoleDiameter { get; init; } = 64;

    /// <summary>Standard deviation of good holes' diameters around nominal, in pixels (machining spread).</summary>
    public double HoleDiameterSpread { get; init; } = 0.3;

    /// <summary>Sensor noise standard deviation in raw gray levels.</summary>
    public double Noise { get; init; } = 2.5;

    /// <summary>Largest part rotation either way, in degrees.</summary>
    public double MaxAngle { get; init; } = 25;
}
