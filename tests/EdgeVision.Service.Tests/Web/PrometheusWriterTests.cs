using EdgeVision.Service.Web;

namespace EdgeVision.Service.Tests.Web;

public class PrometheusWriterTests
{
    [Fact]
    public void Families_are_written_with_help_and_type_lines_before_their_samples()
    {
        var w = new PrometheusWriter();
        w.Family("ev_parts_total", MetricType.Counter, "Parts seen.").Sample(3, new MetricLabel("camera", "cam1")).Sample(4, new MetricLabel("camera", "cam2"));
        w.Family("ev_depth", MetricType.Gauge, "Depth.").Sample(0.25);

        Assert.Equal(
            "# HELP ev_parts_total Parts seen.\n# TYPE ev_parts_total counter\nev_parts_total{camera=\"cam1\"} 3\nev_parts_total{camera=\"cam2\"} 4\n" +
            "# HELP ev_depth Depth.\n# TYPE ev_depth gauge\nev_depth 0.25\n",
            w.ToString());
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_line_feed_and_help_escapes_backslash_and_line_feed()
    {
        var w = new PrometheusWriter();
        w.Family("ev_info", MetricType.Gauge, "a \\ b\nc \"d\"").Sample(1, new MetricLabel("recipe", "C:\\r \"x\"\ny"));

        var text = w.ToString();

        Assert.Equal("# HELP ev_info a \\\\ b\\nc \"d\"\n# TYPE ev_info gauge\nev_info{recipe=\"C:\\\\r \\\"x\\\"\\ny\"} 1\n", text);
        var parsed = PrometheusText.Parse(text);
        Assert.Equal("C:\\r \"x\"\ny", parsed.Samples.Single().Labels["recipe"]);
        Assert.Equal("a \\ b\nc \"d\"", parsed.Help["ev_info"]);
    }

    [Fact]
    public void A_summary_has_quantile_samples_and_sum_and_count()
    {
        var w = new PrometheusWriter();
        w.Family("ev_cycle_seconds", MetricType.Summary, "Cycle.")
            .Sample(0.012, new MetricLabel("camera", "c"), new MetricLabel("quantile", "0.5"))
            .Sample(0.02, new MetricLabel("camera", "c"), new MetricLabel("quantile", "0.99"))
            .SummaryTotals(1.5, 100, new MetricLabel("camera", "c"));

        var parsed = PrometheusText.Parse(w.ToString());

        Assert.Equal("summary", parsed.Types["ev_cycle_seconds"]);
        Assert.Equal(0.012, parsed.Value("ev_cycle_seconds", ("camera", "c"), ("quantile", "0.5")));
        Assert.Equal(1.5, parsed.Value("ev_cycle_seconds_sum", ("camera", "c")));
        Assert.Equal(100, parsed.Value("ev_cycle_seconds_count", ("camera", "c")));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(123456789012.0, "123456789012")]
    [InlineData(-2.5, "-2.5")]
    public void Values_are_written_as_the_format_reads_them(double value, string expected)
    {
        Assert.Equal(expected, PrometheusWriter.FormatValue(value));
        var parsed = PrometheusText.Parse(new PrometheusWriter().Family("ev_v", MetricType.Gauge, "v").Sample(value).ToString());
        Assert.Equal(value, parsed.Samples.Single().Value);
    }

    [Fact]
    public void Mistakes_that_would_make_invalid_output_throw_and_say_what_is_wrong()
    {
        var w = new PrometheusWriter();
        Assert.Contains("must end in _total", Assert.Throws<ArgumentException>(() => w.Family("ev_parts", MetricType.Counter, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("Only counters end in _total", Assert.Throws<ArgumentException>(() => w.Family("ev_x_total", MetricType.Gauge, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("not a valid metric name", Assert.Throws<ArgumentException>(() => w.Family("ev-parts", MetricType.Gauge, "x")).Message, StringComparison.Ordinal);
        Assert.Contains("Start a family", Assert.Throws<InvalidOperationException>(() => w.Sample(1)).Message, StringComparison.Ordinal);

        w.Family("ev_a", MetricType.Gauge, "a").Sample(1, new MetricLabel("line", "reject"));
        Assert.Contains("already written", Assert.Throws<InvalidOperationException>(() => w.Sample(2, new MetricLabel("line", "reject"))).Message, StringComparison.Ordinal);
        Assert.Contains("not a valid label name", Assert.Throws<ArgumentException>(() => w.Sample(1, new MetricLabel("__name", "x"))).Message, StringComparison.Ordinal);
        Assert.Contains("given twice", Assert.Throws<ArgumentException>(() => w.Sample(1, new MetricLabel("a", "x"), new MetricLabel("a", "y"))).Message, StringComparison.Ordinal);
        Assert.Contains("reserved for summaries", Assert.Throws<ArgumentException>(() => w.Sample(1, new MetricLabel("quantile", "0.5"))).Message, StringComparison.Ordinal);
        Assert.Contains("is not a summary", Assert.Throws<InvalidOperationException>(() => w.SummaryTotals(1, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("already written", Assert.Throws<InvalidOperationException>(() => w.Family("ev_a", MetricType.Gauge, "again")).Message, StringComparison.Ordinal);
        w.Family("ev_s", MetricType.Summary, "s");
        Assert.Contains("needs a quantile label", Assert.Throws<ArgumentException>(() => w.Sample(1)).Message, StringComparison.Ordinal);

        // What was written before the mistakes is still valid exposition text.
        Assert.Equal(1, PrometheusText.Parse(w.ToString()).Value("ev_a", ("line", "reject")));
    }

    [Fact]
    public void The_test_reader_rejects_what_a_scraper_would_reject()
    {
        Assert.Throws<FormatException>(() => PrometheusText.Parse("ev_a 1"));                                         // no final line feed
        Assert.Throws<FormatException>(() => PrometheusText.Parse("ev_a{x=\"a\\q\"} 1\n"));                          // bad escape
        Assert.Throws<FormatException>(() => PrometheusText.Parse("ev_a one\n"));                                     // not a number
        Assert.Throws<FormatException>(() => PrometheusText.Parse("ev_a 1\nev_b 2\nev_a{x=\"1\"} 3\n"));            // family split
        Assert.Throws<FormatException>(() => PrometheusText.Parse("ev_a 1\n# TYPE ev_a gauge\n"));                   // TYPE after samples
        Assert.Throws<FormatException>(() => PrometheusText.Parse("ev_a 1\nev_a 2\n"));                               // repeated series
    }
}
