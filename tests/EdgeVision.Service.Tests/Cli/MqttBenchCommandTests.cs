using EdgeVision.Service.Cli;

namespace EdgeVision.Service.Tests.Cli;

[Collection(ConsoleRedirection.Name)]
public class MqttBenchCommandTests
{
    [Fact]
    public void Bench_mqtt_reports_every_result_arrived_in_order_live_and_after_the_broker_outage()
    {
        using var console = new ConsoleCapture();

        var code = Program.Main(["bench", "mqtt", "--results", "200", "--backlog", "200", "--warmup", "100", "--recipe", RepositoryFiles.DemoRecipe]);

        var report = console.Out;
        Assert.True(code == 0, $"exit code {code}\n{report}\n{console.Error}");
        Assert.Contains("MQTT 5, QoS 1, outbox durability normal", report, StringComparison.Ordinal);
        Assert.Matches(@"\nsustained\s+200\s+200\s+0\s+\d+\s+0\s+0\s", report); // results, arrived, missing, dup, out of order, historical
        Assert.Matches(@"\ndrain\s+200\s+200\s+0\s+\d+\s+0\s+200\s", report);
        Assert.Contains("check sustained: all 200 arrived in order (msgSeq 1..200), none flagged historical", report, StringComparison.Ordinal);
        Assert.Contains("check drain: all 200 arrived in order (msgSeq 201..400), all flagged historical", report, StringComparison.Ordinal);
        Assert.DoesNotContain("INCOMPLETE", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_mqtt_refuses_qos_0_and_a_broker_without_port_naming_both_before_starting_anything()
    {
        using var console = new ConsoleCapture();

        var code = Program.Main(["bench", "mqtt", "--qos", "0", "--broker", "localhost", "--recipe", RepositoryFiles.DemoRecipe]);

        Assert.Equal(2, code);
        Assert.Contains("--qos 0 is not 1 or 2", console.Error, StringComparison.Ordinal);
        Assert.Contains("--broker 'localhost' is not HOST:PORT", console.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, console.Out);
    }
}
