using EdgeVision.Inspection.Calibration;
using EdgeVision.Inspection.Settings;
using EdgeVision.Inspection.Tools;
using EdgeVision.Vision;
using EdgeVision.Vision.Color;

namespace EdgeVision.Inspection.Recipes;

/// <content>Preprocessing steps, verdict rules and the reason table.</content>
public static partial class RecipeLoader
{
    /// <summary>Most distinct reason codes one recipe may use (they are judged as bits of one 64-bit word per frame).</summary>
    public const int MaxReasons = 64;

    private static readonly string[] StepNames = ["debayer", "whiteBalance", "colorMatrix", "undistort"];

    private static PreprocessSettings ReadPreprocess(JsonSection root, CalibrationData? calibration)
    {
        var bayer = PixelFormat.BayerRggb8;
        double r = 1, g = 1, b = 1;
        double[] matrix = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        var undistort = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var last = -1;
        foreach (var s in root.Sections("preprocess"))
        {
            var step = s.Choice("step", "debayer", StepNames);
            if (!seen.Add(step))
            {
                s.Errors.Add(s.PathOf("step"), $"'{step}' appears twice");
            }

            var order = Array.IndexOf(StepNames, step);
            if (order < last)
            {
                s.Errors.Add(s.PathOf("step"), $"'{step}' must come before '{StepNames[last]}' (the order is {string.Join(" → ", StepNames)})");
            }

            last = Math.Max(last, order);
            switch (step)
            {
                case "debayer":
                    var pattern = s.Choice("pattern", "RGGB", "RGGB", "BGGR", "GRBG", "GBRG", "none");
                    bayer = PixelFormat.Mono8;
                    if (pattern != "none" && !PixelFormats.TryParse(pattern, out bayer))
                    {
                        s.Errors.Add(s.PathOf("pattern"), $"unknown Bayer order '{pattern}'");
                    }

                    break;
                case "whiteBalance":
                    r = s.Number("r", 1, 0.05, 20);
                    g = s.Number("g", 1, 0.05, 20);
                    b = s.Number("b", 1, 0.05, 20);
                    break;
                case "colorMatrix":
                    matrix = s.Numbers("matrix", 9) ?? matrix;
                    if (!s.Has("matrix"))
                    {
                        s.Errors.Add(s.PathOf("matrix"), "is required (9 numbers, row-major, RGB in → RGB out)");
                    }

                    for (var i = 0; i < 9; i++)
                    {
                        if (Math.Abs(matrix[i]) > 10)
                        {
                            s.Errors.Add($"{s.PathOf("matrix")}[{i}]", $"{matrix[i]} is out of range [-10, 10]");
                        }
                    }

                    break;
                default:
                    undistort = true;
                    if (calibration is not null && calibration.Camera is null)
                    {
                        s.Errors.Add(s.PathOf("step"), "'undistort' needs a calibration file with a camera section");
                    }
                    else if (!root.Has("calibration"))
                    {
                        s.Errors.Add(s.PathOf("step"), "'undistort' needs \"calibration\": a calibration file from `edgevision calibrate`");
                    }

                    break;
            }

            s.RejectUnknownKeys();
        }

        return new PreprocessSettings(bayer, new ColorCorrection(r, g, b, matrix), undistort);
    }

    private static List<VerdictRule> ReadRules(JsonSection root, Dictionary<string, ToolSettings> tools)
    {
        var rules = new List<VerdictRule>();
        foreach (var s in root.Sections("rules"))
        {
            var reason = ReadReason(s, "reason", "FAIL");
            if (!s.Has("reason"))
            {
                s.Errors.Add(s.PathOf("reason"), "is required");
            }

            var when = s.Choice("when", "fail", "fail", "notFound", "any") switch
            {
                "notFound" => RuleCondition.NotFound,
                "any" => RuleCondition.Any,
                _ => RuleCondition.Fail,
            };
            var targets = s.Strings("tools", required: true);
            for (var i = 0; i < targets.Count; i++)
            {
                var target = targets[i];
                var dot = target.IndexOf('.', StringComparison.Ordinal);
                var toolName = dot < 0 ? target : target[..dot];
                if (!tools.TryGetValue(toolName, out var tool))
                {
                    s.Errors.Add($"{s.PathOf("tools")}[{i}]", $"'{toolName}' is not a tool of this recipe");
                }
                else if (dot >= 0 && !HasOutput(tool, target[(dot + 1)..]))
                {
                    s.Errors.Add($"{s.PathOf("tools")}[{i}]", $"tool '{toolName}' has no output '{target[(dot + 1)..]}' (it has: {OutputNames(tool)})");
                }
            }

            s.RejectUnknownKeys();
            rules.Add(new VerdictRule(reason, when, targets));
        }

        return rules;
    }

    private static bool HasOutput(ToolSettings tool, string output)
    {
        foreach (var o in tool.Outputs)
        {
            if (o.Name == output)
            {
                return true;
            }
        }

        return false;
    }

    private static string OutputNames(ToolSettings tool)
    {
        var names = new List<string>();
        foreach (var o in tool.Outputs)
        {
            names.Add(o.Name);
        }

        return string.Join(", ", names);
    }

    private static void CheckReasonCount(ToolSettings? fixture, List<ToolSettings> tools, List<VerdictRule> rules, SettingsErrors errors)
    {
        var reasons = ReasonTable.Build(fixture, tools, rules);
        if (reasons.Count > MaxReasons)
        {
            errors.Add("rules", $"the recipe uses {reasons.Count} distinct reason codes; at most {MaxReasons} are supported");
        }
    }
}
