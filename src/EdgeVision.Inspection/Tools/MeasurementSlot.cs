using EdgeVision.Inspection.Recipes;

namespace EdgeVision.Inspection.Tools;

/// <summary>
/// One named output of a tool, reused frame after frame: the value in report units and in pixels, its tolerance
/// (if the recipe gives one) and whether it passed. Set by the tool on the pipeline thread without allocating.
/// </summary>
public sealed class MeasurementSlot
{
    /// <summary>Creates the slot <c>tool.output</c>.</summary>
    public MeasurementSlot(string tool, string output, Quantity quantity, Tolerance? tolerance)
    {
        Output = output;
        Name = tool + "." + output;
        Quantity = quantity;
        Tolerance = tolerance;
    }

    /// <summary>The output's own name (e.g. <c>diameter</c>).</summary>
    public string Output { get; }

    /// <summary>Full name, <c>tool.output</c>, as reported.</summary>
    public string Name { get; }

    /// <summary>What kind of value this is.</summary>
    public Quantity Quantity { get; }

    /// <summary>The acceptance band in report units, or null when the value is only reported.</summary>
    public Tolerance? Tolerance { get; }

    /// <summary>Whether the value was measured on this frame.</summary>
    public bool Measured { get; private set; }

    /// <summary>The value in report units (NaN when not measured).</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>The value in pixel units (NaN when not measured).</summary>
    public double Pixels { get; private set; } = double.NaN;

    /// <summary>True when measured and inside the tolerance (or when no tolerance is set).</summary>
    public bool Pass { get; private set; }

    /// <summary>Clears the slot before a frame.</summary>
    public void Clear()
    {
        Measured = false;
        Value = Pixels = double.NaN;
        Pass = false;
    }

    /// <summary>Records a value measured in pixels around image point (x, y), converting it through <paramref name="units"/>.</summary>
    public void Set(double pixels, MeasurementUnits units, double x, double y)
    {
        Pixels = pixels;
        Value = units.Convert(Quantity, pixels, x, y);
        Measured = !double.IsNaN(Value);
        Pass = Measured && (Tolerance is not { } t || t.Accepts(Value));
    }

    /// <summary>Records a value that needs no unit conversion.</summary>
    public void Set(double value)
    {
        Pixels = double.NaN;
        Value = value;
        Measured = !double.IsNaN(value);
        Pass = Measured && (Tolerance is not { } t || t.Accepts(value));
    }
}
