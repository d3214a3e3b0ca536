namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>A measurement a camera's recipe reports, declared in the camera's device birth.</summary>
public sealed record SparkplugMeasurement(string Name, string Unit);

/// <summary>
/// A camera as a Sparkplug device: its name (the device id), the recipe it runs, and the measurements its results
/// carry. Every metric a device will ever publish must be in its birth, so measurements not declared here are not
/// published (they are counted).
/// </summary>
public sealed record SparkplugCamera(string Name, string Recipe, string RecipeChecksum, IReadOnlyList<SparkplugMeasurement> Measurements)
{
    /// <summary>True when <paramref name="other"/> declares the same measurements in the same order (recipe aside).</summary>
    internal bool SameMetrics(SparkplugCamera other) =>
        Name == other.Name && Measurements.SequenceEqual(other.Measurements);
}
