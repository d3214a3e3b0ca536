using System.Diagnostics;

namespace EdgeVision.Vision;

/// <summary>The pipeline stages whose time is recorded for every frame.</summary>
public enum Stage
{
    /// <summary>Raw mosaic to BGR.</summary>
    Debayer,

    /// <summary>White balance and colour matrix.</summary>
    Color,

    /// <summary>BGR to gray.</summary>
    Gray,

    /// <summary>Removing lens distortion (when the recipe is calibrated).</summary>
    Undistort,

    /// <summary>Finding the part (fixture).</summary>
    Locate,

    /// <summary>The recipe's tools (each also timed on its own).</summary>
    Tools,

    /// <summary>Applying tolerances and verdict rules.</summary>
    Judge,
}

/// <summary>
/// Records how long each <see cref="Stage"/> took, as <see cref="Stopwatch"/> ticks, without allocating:
/// call <see cref="Lap"/> at the end of each stage.
/// </summary>
public struct StageClock
{
    /// <summary>Number of stages.</summary>
    public const int StageCount = 7;

    private long _last;
    private StageTicks _ticks;

    /// <summary>Starts a clock now.</summary>
    public static StageClock StartNew() => new() { _last = Stopwatch.GetTimestamp() };

    /// <summary>Charges the time since the previous lap (or start) to <paramref name="stage"/>.</summary>
    public void Lap(Stage stage)
    {
        var now = Stopwatch.GetTimestamp();
        _ticks[(int)stage] += now - _last;
        _last = now;
    }

    /// <summary>Ticks charged to <paramref name="stage"/> so far.</summary>
    public readonly long Ticks(Stage stage) => _ticks[(int)stage];

    /// <summary>Milliseconds charged to <paramref name="stage"/> so far.</summary>
    public readonly double Milliseconds(Stage stage) => _ticks[(int)stage] * 1000.0 / Stopwatch.Frequency;

    /// <summary>Inline storage for one tick count per stage.</summary>
    [System.Runtime.CompilerServices.InlineArray(StageCount)]
    private struct StageTicks
    {
        private long _element;
    }
}
