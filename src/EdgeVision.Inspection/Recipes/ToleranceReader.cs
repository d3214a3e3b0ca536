using EdgeVision.Inspection.Settings;

namespace EdgeVision.Inspection.Recipes;

/// <summary>Reads a tolerance in any of its three written forms and checks its unit.</summary>
public static class ToleranceReader
{
    /// <summary>
    /// Reads <c>{ "nominal": n, "tolerance": t }</c>, <c>{ "nominal": n, "minus": a, "plus": b }</c> or
    /// <c>{ "min": a, "max": b }</c> (either side may be left open). An optional <c>unit</c> must equal
    /// <paramref name="unit"/>, the unit the recipe reports this quantity in.
    /// </summary>
    public static Tolerance Read(JsonSection s, string unit)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Has("unit"))
        {
            var written = s.Text("unit", unit)!;
            if (written != unit)
            {
                s.Errors.Add(s.PathOf("unit"), written == "mm" || unit == "mm"
                    ? $"is '{written}' but this recipe reports this value in '{unit}' (millimetres need units mm and a calibration)"
                    : $"is '{written}' but this value is measured in '{unit}'");
            }
        }

        Tolerance result;
        if (s.Has("min") || s.Has("max"))
        {
            var min = s.Number("min", double.NegativeInfinity);
            var max = s.Number("max", double.PositiveInfinity);
            if (min > max)
            {
                s.Errors.Add(s.Path, $"min {min} is greater than max {max}");
            }

            var nominal = double.IsFinite(min) && double.IsFinite(max) ? (min + max) / 2 : double.IsFinite(min) ? min : max;
            result = new Tolerance(nominal, nominal - min, max - nominal);
        }
        else
        {
            var nominal = s.Number("nominal", 0);
            if (!s.Has("nominal"))
            {
                s.Errors.Add(s.PathOf("nominal"), "is required (or give min and max)");
            }

            var both = s.Number("tolerance", double.NaN, 0);
            var minus = s.Number("minus", double.IsNaN(both) ? 0 : both, 0);
            var plus = s.Number("plus", double.IsNaN(both) ? 0 : both, 0);
            if (double.IsNaN(both) && !s.Has("minus") && !s.Has("plus"))
            {
                s.Errors.Add(s.PathOf("tolerance"), "is required (or give minus and plus)");
            }

            result = new Tolerance(nominal, minus, plus);
        }

        s.RejectUnknownKeys();
        return result;
    }
}
