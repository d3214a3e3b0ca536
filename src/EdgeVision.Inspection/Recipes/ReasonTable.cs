using EdgeVision.Inspection.Tools;

namespace EdgeVision.Inspection.Recipes;

/// <summary>The distinct reason codes a recipe can report, in a fixed order (fixture first, then rules, then tools).</summary>
public static class ReasonTable
{
    /// <summary>Collects the reason codes of <paramref name="fixture"/>, <paramref name="rules"/> and <paramref name="tools"/>.</summary>
    public static IReadOnlyList<string> Build(ToolSettings? fixture, IReadOnlyList<ToolSettings> tools, IReadOnlyList<VerdictRule> rules)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(rules);
        var list = new List<string>();
        void Add(string reason)
        {
            if (!list.Contains(reason))
            {
                list.Add(reason);
            }
        }

        Add(Recipe.PartNotFound);
        if (fixture is not null)
        {
            Add(fixture.Common.NotFoundReason);
            Add(fixture.Common.FailReason);
        }

        foreach (var rule in rules)
        {
            Add(rule.Reason);
        }

        foreach (var tool in tools)
        {
            Add(tool.Common.FailReason);
            Add(tool.Common.NotFoundReason);
        }

        return list;
    }

    /// <summary>The reason codes of <paramref name="recipe"/>.</summary>
    public static IReadOnlyList<string> For(Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        return Build(recipe.Fixture, recipe.Tools, recipe.Rules);
    }
}
