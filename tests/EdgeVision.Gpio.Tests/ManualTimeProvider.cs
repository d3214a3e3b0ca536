namespace EdgeVision.Gpio.Tests;

/// <summary>A clock that stands still until the test sets it, so recorded timestamps are exact.</summary>
internal sealed class ManualTimeProvider(long timestamp = 0) : TimeProvider
{
    public long Timestamp { get; set; } = timestamp;

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Timestamp;
}
