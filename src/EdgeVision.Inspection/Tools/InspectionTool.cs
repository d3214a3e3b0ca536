using EdgeVision.Inspection.Results;

namespace EdgeVision.Inspection.Tools;

/// <summary>
/// The runtime half of a recipe tool: owns its scratch buffers and output slots, runs once per frame on the
/// pipeline thread without allocating, and describes what it found for the result and the overlay afterwards.
/// </summary>
public abstract class InspectionTool : IDisposable
{
    private readonly MeasurementSlot[] _slots;

    /// <summary>Creates the tool and one slot per output of <paramref name="settings"/>.</summary>
    protected InspectionTool(ToolSettings settings)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        var outputs = settings.Outputs;
        _slots = new MeasurementSlot[outputs.Count];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new MeasurementSlot(settings.Name, outputs[i].Name, outputs[i].Quantity, outputs[i].Tolerance);
        }
    }

    /// <summary>The recipe's description of this tool.</summary>
    public ToolSettings Settings { get; }

    /// <summary>The tool's name.</summary>
    public string Name => Settings.Name;

    /// <summary>How the tool ended on the current frame.</summary>
    public ToolStatus Status { get; private set; } = ToolStatus.Skipped;

    /// <summary>The output slots, in the order of <see cref="ToolSettings.Outputs"/>.</summary>
    public ReadOnlySpan<MeasurementSlot> Slots => _slots;

    /// <summary>Stopwatch ticks the last run took.</summary>
    public long ElapsedTicks { get; private set; }

    /// <summary>Text read on the current frame (codes, characters), or null.</summary>
    public virtual string? Text => null;

    /// <summary>Called once after every tool of the recipe exists, so a tool can keep references to the earlier tools it uses.</summary>
    public virtual void Bind(Func<string, InspectionTool> find)
    {
    }

    /// <summary>Runs the tool on the current frame and judges its outputs.</summary>
    public void Run(ToolContext context)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var slot in _slots)
        {
            slot.Clear();
        }

        Status = Execute(context);
        if (Status == ToolStatus.Pass)
        {
            foreach (var slot in _slots)
            {
                if (!slot.Pass)
                {
                    Status = ToolStatus.Fail;
                    break;
                }
            }
        }

        ElapsedTicks = System.Diagnostics.Stopwatch.GetTimestamp() - start;
    }

    /// <summary>Marks the tool as not run on this frame.</summary>
    public void Skip()
    {
        foreach (var slot in _slots)
        {
            slot.Clear();
        }

        Status = ToolStatus.Skipped;
        ElapsedTicks = 0;
    }

    /// <summary>
    /// Does the tool's work: fills the slots and returns Pass, Fail (a check other than the slots' tolerances failed)
    /// or NotFound. A slot out of tolerance turns Pass into Fail afterwards.
    /// </summary>
    protected abstract ToolStatus Execute(ToolContext context);

    /// <summary>The slot for output <paramref name="index"/>.</summary>
    protected MeasurementSlot Slot(int index) => _slots[index];

    /// <summary>Adds what the overlay should draw for the current frame (called off the hot path; may allocate).</summary>
    public abstract void DescribeShapes(ToolContext context, List<OverlayShape> shapes);

    /// <summary>Adds defects found on the current frame, if the tool finds defects.</summary>
    public virtual void DescribeDefects(List<DefectResult> defects)
    {
    }

    /// <summary>Tone for a feature: pass or fail by the tool's status.</summary>
    protected ShapeTone Tone => Status == ToolStatus.Pass ? ShapeTone.Pass : ShapeTone.Fail;

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases native buffers the tool owns.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
