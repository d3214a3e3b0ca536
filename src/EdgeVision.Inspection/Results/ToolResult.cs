namespace EdgeVision.Inspection.Results;

/// <summary>How one recipe tool ended on a frame.</summary>
public enum ToolStatus
{
    /// <summary>The tool ran and every check it makes passed.</summary>
    Pass,

    /// <summary>The tool ran and a check failed (a value out of tolerance, a wrong code, a defect found).</summary>
    Fail,

    /// <summary>The tool could not find what it looks for (no edge, no circle, no code, no part).</summary>
    NotFound,

    /// <summary>The tool did not run because the fixture found no part or a tool it depends on failed.</summary>
    Skipped,
}

/// <summary>One tool's outcome on one frame: status, decoded text if any, and its run time.</summary>
public sealed record ToolResult(string Name, string Type, ToolStatus Status, double Milliseconds)
{
    /// <summary>Text the tool read (code contents, characters); null for tools that read none.</summary>
    public string? Text { get; init; }

    /// <summary>The JSON name of <paramref name="status"/>.</summary>
    public static string StatusName(ToolStatus status) => status switch
    {
        ToolStatus.Pass => "pass",
        ToolStatus.Fail => "fail",
        ToolStatus.NotFound => "not-found",
        _ => "skipped",
    };
}
