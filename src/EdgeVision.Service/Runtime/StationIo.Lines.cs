namespace EdgeVision.Service.Runtime;

/// <summary>The state of one named line: whether it is an output and whether it is active (its meaning, not its level).</summary>
/// <param name="Name">The configured line name (<c>reject</c>, <c>green</c>, <c>trigger</c>…).</param>
/// <param name="IsOutput">True for an output, false for an input.</param>
/// <param name="Active">True when the line is active (for an active-low line, at the Low level).</param>
public readonly record struct LineState(string Name, bool IsOutput, bool Active);

public sealed partial class StationIo
{
    /// <summary>
    /// The state of every output (as last written), every plain input (read now) and the debounced edge inputs
    /// (<c>trigger</c>, <c>enable</c>, <c>reset</c>: their debounced level). Encoder and recipe-select lines are left out:
    /// their meaning is the encoder count and the latched code.
    /// </summary>
    public IReadOnlyList<LineState> LineStates()
    {
        var states = new List<LineState>();
        foreach (var output in _lines.Outputs)
        {
            states.Add(new LineState(output.Name, true, output.IsActive));
        }

        foreach (var input in _lines.Inputs)
        {
            states.Add(new LineState(input.Name, false, input.ReadActive()));
        }

        foreach (var (line, input) in _edgeInputs)
        {
            states.Add(new LineState(line.Name, false, input.ReadLevel() != line.ActiveLow));
        }

        return states;
    }
}
