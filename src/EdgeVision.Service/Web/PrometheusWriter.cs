using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EdgeVision.Service.Web;

/// <summary>The kind of a metric family, as its <c># TYPE</c> line names it.</summary>
public enum MetricType
{
    /// <summary>A count that only goes up (reset only by a restart); its name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Quantiles (label <c>quantile</c>) over a recent window plus <c>_sum</c> and <c>_count</c> over all observations.</summary>
    Summary,
}

/// <summary>One label of a sample: its name and its (unescaped) value.</summary>
/// <param name="Name">Label name: letters, digits and <c>_</c>, not starting with a digit or <c>__</c>.</param>
/// <param name="Value">Label value; any text (escaped on output).</param>
public readonly record struct MetricLabel(string Name, string Value);

/// <summary>
/// Writes metrics in the Prometheus text exposition format, version 0.0.4: for each family one <c># HELP</c> and one
/// <c># TYPE</c> line, then its samples, all together; label values and help text escaped; lines end in <c>\n</c>.
/// Mistakes that would make the output invalid (a bad name, a counter not named <c>..._total</c>, a family written
/// twice, a sample outside its family) throw at once instead of producing text a scraper rejects.
/// </summary>
public sealed partial class PrometheusWriter
{
    /// <summary>The Content-Type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly HashSet<string> _series = new(StringComparer.Ordinal);
    private readonly StringBuilder _key = new();
    private string? _family;
    private MetricType _type;

    /// <summary>
    /// Starts a metric family: writes its HELP and TYPE lines. The samples written next belong to it, until the next
    /// family starts.
    /// </summary>
    /// <param name="name">Metric name (<c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>); a counter's ends in <c>_total</c>.</param>
    /// <param name="type">Counter, gauge or summary.</param>
    /// <param name="help">What the metric means (one line; a line break is escaped).</param>
    public PrometheusWriter Family(string name, MetricType type, string help)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(help);
        if (!MetricName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(name));
        }

        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Counter '{name}' must end in _total.", nameof(name));
        }

        if (type != MetricType.Counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Only counters end in _total, not the {type.ToString().ToLowerInvariant()} '{name}'.", nameof(name));
        }

        if (!_families.Add(name))
        {
            throw new InvalidOperationException($"Metric family '{name}' was already written; all samples of a family go together.");
        }

        _family = name;
        _type = type;
        _text.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => _text.Append(@"\\"),
                '\n' => _text.Append(@"\n"),
                _ => _text.Append(c),
            };
        }

        _text.Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(type)).Append('\n');
        return this;
    }

    /// <summary>Writes one sample of the current family (for a summary, one quantile: give the <c>quantile</c> label).</summary>
    /// <param name="value">The value (NaN and infinities are written as <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>).</param>
    /// <param name="labels">The sample's labels.</param>
    public PrometheusWriter Sample(double value, params ReadOnlySpan<MetricLabel> labels) => Write(string.Empty, value, labels);

    /// <summary>Writes the <c>_sum</c> and <c>_count</c> samples of the current summary family.</summary>
    /// <param name="sum">The sum of every observation.</param>
    /// <param name="count">The number of observations.</param>
    /// <param name="labels">The labels of this summary (without <c>quantile</c>).</param>
    public PrometheusWriter SummaryTotals(double sum, long count, params ReadOnlySpan<MetricLabel> labels)
    {
        if (_type != MetricType.Summary)
        {
            throw new InvalidOperationException($"'{_family}' is not a summary: it has no _sum and _count.");
        }

        Write("_sum", sum, labels);
        return Write("_count", count, labels);
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Formats a sample value as the format wants it: shortest round-trip decimal, or NaN, +Inf, -Inf.</summary>
    public static string FormatValue(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private PrometheusWriter Write(string suffix, double value, ReadOnlySpan<MetricLabel> labels)
    {
        if (_family is null)
        {
            throw new InvalidOperationException("Start a family before writing samples.");
        }

        // Everything is checked before anything is written, so a refused sample leaves no partial line behind.
        var hasQuantile = false;
        _key.Clear().Append(_family).Append(suffix).Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Name is null || !LabelName().IsMatch(label.Name) || label.Name.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{label.Name}' is not a valid label name of '{_family}'.", nameof(labels));
            }

            for (var j = 0; j < i; j++)
            {
                if (labels[j].Name == label.Name)
                {
                    throw new ArgumentException($"Label '{label.Name}' is given twice for '{_family}'.", nameof(labels));
                }
            }

            hasQuantile |= label.Name == "quantile";
            _key.Append(label.Name).Append('=').Append(label.Value).Append('\u0001');
        }

        if (_type == MetricType.Summary && suffix.Length == 0 && !hasQuantile)
        {
            throw new ArgumentException($"A sample of summary '{_family}' needs a quantile label (use SummaryTotals for _sum and _count).", nameof(labels));
        }

        if (_type != MetricType.Summary && hasQuantile)
        {
            throw new ArgumentException($"The quantile label is reserved for summaries, and '{_family}' is a {TypeName(_type)}.", nameof(labels));
        }

        if (!_series.Add(_key.ToString()))
        {
            throw new InvalidOperationException($"A sample of '{_family}{suffix}' with the same labels was already written.");
        }

        _text.Append(_family).Append(suffix);
        for (var i = 0; i < labels.Length; i++)
        {
            _text.Append(i == 0 ? '{' : ',').Append(labels[i].Name).Append("=\"");
            AppendEscapedLabelValue(_text, labels[i].Value ?? string.Empty);
            _text.Append('"');
        }

        if (labels.Length > 0)
        {
            _text.Append('}');
        }

        _text.Append(' ').Append(FormatValue(value)).Append('\n');
        return this;
    }

    private static void AppendEscapedLabelValue(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        _ => "summary",
    };

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
