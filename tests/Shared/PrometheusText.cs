using System.Globalization;
using System.Text;

namespace EdgeVision.TestSupport;

/// <summary>One sample of a Prometheus exposition: metric name, labels (unescaped) and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a HELP, TYPE or
/// sample line of valid syntax (names, label escapes, float values), each family's TYPE must come before its samples
/// and at most once, a family's samples must be together, and no series may repeat. Anything else throws
/// <see cref="FormatException"/> naming the line. Linked into every test project.
/// </summary>
internal sealed class PrometheusText
{
    private static readonly string[] KnownTypes = ["counter", "gauge", "summary", "histogram", "untyped"];

    private PrometheusText()
    {
    }

    /// <summary>The TYPE of each family.</summary>
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    /// <summary>The HELP text of each family (unescaped).</summary>
    public Dictionary<string, string> Help { get; } = new(StringComparer.Ordinal);

    /// <summary>Every sample, in order.</summary>
    public List<PrometheusSample> Samples { get; } = [];

    /// <summary>Parses and checks <paramref name="text"/>.</summary>
    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[^1] != '\n')
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var result = new PrometheusText();
        var lines = text.Split('\n');
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        for (var n = 0; n < lines.Length - 1; n++)
        {
            var line = lines[n];
            try
            {
                if (line.Length == 0)
                {
                    continue;
                }

                string family;
                if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    family = result.ReadDescriptor(line);
                }
                else if (line[0] == '#')
                {
                    continue; // a comment
                }
                else
                {
                    var sample = ReadSample(line);
                    family = result.FamilyOf(sample.Name);
                    var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
                    if (!series.Add(key))
                    {
                        throw new FormatException($"series {key} appears twice");
                    }

                    result.Samples.Add(sample);
                }

                if (family != current)
                {
                    if (current is not null)
                    {
                        finished.Add(current);
                    }

                    if (finished.Contains(family))
                    {
                        throw new FormatException($"family '{family}' continues after another family began");
                    }

                    current = family;
                }
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {n + 1} '{line}': {e.Message}", e);
            }
        }

        return result;
    }

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly these labels.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();
        return matches.Count == 1
            ? matches[0].Value
            : throw new KeyNotFoundException($"{matches.Count} samples named {name} with labels {string.Join(",", labels)}");
    }

    private string ReadDescriptor(string line)
    {
        var rest = line[7..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? rest : rest[..space];
        CheckMetricName(name);
        var argument = space < 0 ? string.Empty : rest[(space + 1)..];
        if (line[2] == 'H')
        {
            if (!Help.TryAdd(name, Unescape(argument)))
            {
                throw new FormatException($"second HELP for '{name}'");
            }
        }
        else
        {
            if (!KnownTypes.Contains(argument))
            {
                throw new FormatException($"unknown type '{argument}'");
            }

            if (Samples.Any(s => FamilyOf(s.Name) == name))
            {
                throw new FormatException($"TYPE of '{name}' after its samples");
            }

            if (!Types.TryAdd(name, argument))
            {
                throw new FormatException($"second TYPE for '{name}'");
            }
        }

        return name;
    }

    private string FamilyOf(string sampleName)
    {
        foreach (var suffix in new[] { "_sum", "_count", "_bucket" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && Types.TryGetValue(sampleName[..^suffix.Length], out var type)
                && type is "summary" or "histogram")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return sampleName;
    }

    private static PrometheusSample ReadSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        CheckMetricName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0)
                {
                    throw new FormatException("label without '='");
                }

                var label = line[i..eq];
                if (label.Length == 0 || !(char.IsAsciiLetter(label[0]) || label[0] == '_') || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    throw new FormatException($"bad label name '{label}'");
                }

                if (eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    throw new FormatException($"label {label}: value not quoted");
                }

                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(j < line.Length ? line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException($"label {label}: bad escape '\\{line[j]}'"),
                        } : throw new FormatException("escape at end of line"));
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (j >= line.Length)
                {
                    throw new FormatException($"label {label}: unterminated value");
                }

                if (!labels.TryAdd(label, value.ToString()))
                {
                    throw new FormatException($"label {label} given twice");
                }

                i = j + 1;
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw new FormatException("expected ',' or '}' after a label");
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("expected a space before the value");
        }

        var fields = line[(i + 1)..].Split(' ');
        if (fields.Length is < 1 or > 2 || (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException("expected a value and an optional integer timestamp");
        }

        return new PrometheusSample(name, labels, ParseValue(fields[0]));
    }

    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ when text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"'{text}' is not a float value"),
    };

    private static void CheckMetricName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"bad metric name '{name}'");
        }
    }

    private static string Unescape(string text)
    {
        var s = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                s.Append(text[i]);
                continue;
            }

            i++;
            s.Append(i < text.Length ? text[i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                _ => throw new FormatException($"bad escape '\\{text[i]}'"),
            } : throw new FormatException("escape at end of text"));
        }

        return s.ToString();
    }
}
