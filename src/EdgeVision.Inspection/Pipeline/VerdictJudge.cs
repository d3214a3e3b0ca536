using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Results;
using EdgeVision.Inspection.Tools;

namespace EdgeVision.Inspection.Pipeline;

/// <summary>
/// Applies a recipe's verdict rules to its tools' outcomes without allocating: every (tool, outcome) and
/// (output, failure) pair is resolved to a reason bit once, when the pipeline is built. Precedence: a rule naming
/// the output, then a rule naming the tool, then the tool's own reason.
/// </summary>
public sealed class VerdictJudge
{
    private readonly InspectionTool[] _tools;
    private readonly int[] _failReason;
    private readonly int[] _notFoundReason;
    private readonly int[][] _slotReason;

    /// <summary>Resolves the reasons of <paramref name="tools"/> (fixture first, if any) under <paramref name="recipe"/>'s rules.</summary>
    public VerdictJudge(Recipe recipe, IReadOnlyList<InspectionTool> tools)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(tools);
        Reasons = ReasonTable.For(recipe);
        _tools = [.. tools];
        _failReason = new int[_tools.Length];
        _notFoundReason = new int[_tools.Length];
        _slotReason = new int[_tools.Length][];
        for (var i = 0; i < _tools.Length; i++)
        {
            var tool = _tools[i];
            var common = tool.Settings.Common;
            _failReason[i] = IndexOf(RuleFor(recipe, common.Name, RuleCondition.Fail) ?? common.FailReason);
            _notFoundReason[i] = IndexOf(RuleFor(recipe, common.Name, RuleCondition.NotFound) ?? common.NotFoundReason);
            var slots = tool.Slots;
            _slotReason[i] = new int[slots.Length];
            for (var j = 0; j < slots.Length; j++)
            {
                _slotReason[i][j] = RuleFor(recipe, slots[j].Name, RuleCondition.Fail) is { } r ? IndexOf(r) : _failReason[i];
            }
        }
    }

    /// <summary>The recipe's reason codes; bit i of a mask stands for entry i.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>The reason bits of the tools' current outcomes.</summary>
    public ulong Judge()
    {
        ulong mask = 0;
        for (var i = 0; i < _tools.Length; i++)
        {
            var tool = _tools[i];
            if (!tool.Settings.Common.Judge)
            {
                continue;
            }

            switch (tool.Status)
            {
                case ToolStatus.NotFound:
                    mask |= 1UL << _notFoundReason[i];
                    break;
                case ToolStatus.Fail:
                    var slots = tool.Slots;
                    var any = false;
                    for (var j = 0; j < slots.Length; j++)
                    {
                        if (!slots[j].Pass)
                        {
                            mask |= 1UL << _slotReason[i][j];
                            any = true;
                        }
                    }

                    if (!any)
                    {
                        mask |= 1UL << _failReason[i];
                    }

                    break;
            }
        }

        return mask;
    }

    /// <summary>The reason codes of <paramref name="mask"/>, in table order.</summary>
    public IReadOnlyList<string> Names(ulong mask)
    {
        if (mask == 0)
        {
            return [];
        }

        var names = new List<string>();
        for (var i = 0; i < Reasons.Count; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                names.Add(Reasons[i]);
            }
        }

        return names;
    }

    private int IndexOf(string reason)
    {
        for (var i = 0; i < Reasons.Count; i++)
        {
            if (Reasons[i] == reason)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"reason '{reason}' is not in the recipe's reason table");
    }

    private static string? RuleFor(Recipe recipe, string target, RuleCondition outcome)
    {
        foreach (var rule in recipe.Rules)
        {
            if ((rule.When == outcome || rule.When == RuleCondition.Any) && rule.Targets.Contains(target))
            {
                return rule.Reason;
            }
        }

        return null;
    }
}
