namespace EdgeVision.Inspection.Recipes;

/// <summary>The measurements a recipe's results will carry, by name and unit, known before the first part (for births and discovery).</summary>
public static class RecipeMeasurements
{
    /// <summary>Every output of the fixture and the tools as <c>tool.output</c> with its unit, in result order.</summary>
    public static IReadOnlyList<(string Name, string Unit)> Of(Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var list = new List<(string, string)>();
        if (recipe.Fixture is { } fixture)
        {
            Add(recipe, fixture, list);
        }

        foreach (var tool in recipe.Tools)
        {
            Add(recipe, tool, list);
        }

        return list;
    }

    private static void Add(Recipe recipe, Tools.ToolSettings tool, List<(string, string)> list)
    {
        foreach (var output in tool.Outputs)
        {
            list.Add((tool.Name + "." + output.Name, recipe.Units.UnitOf(output.Quantity)));
        }
    }
}
