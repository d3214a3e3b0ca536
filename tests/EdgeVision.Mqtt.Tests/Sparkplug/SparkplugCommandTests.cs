using EdgeVision.Mqtt.Sparkplug;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using Google.Protobuf;
using static EdgeVision.Mqtt.Tests.Sparkplug.SparkplugFixture;

namespace EdgeVision.Mqtt.Tests.Sparkplug;

/// <summary>Node commands: the rebirth request, and everything malformed a host (or anyone) could send.</summary>
public sealed class SparkplugCommandTests
{
    private const string Ncmd = "spBv1.0/Line 4/NCMD/station-1";

    [Fact]
    public void A_rebirth_request_by_name_returns_the_birth_sequence_again_with_seq_0_and_the_same_bdSeq()
    {
        using var f = new SparkplugFixture();
        var (will, _) = f.Connect();
        f.Node.OnResult(Result("cam1", 1));

        var outcome = f.Node.OnMessage(Ncmd, RebirthCommand(byName: true, value: true));

        Assert.Null(outcome.Error);
        Assert.Equal(
            ["spBv1.0/Line 4/NBIRTH/station-1", "spBv1.0/Line 4/DBIRTH/station-1/cam1", "spBv1.0/Line 4/DBIRTH/station-1/cam2"],
            outcome.Messages.Select(m => m.Topic));
        Assert.Equal([0UL, 1UL, 2UL], outcome.Messages.Select(m => Decode(m).Seq));
        Assert.Equal(BdSeqOf(Decode(will)), BdSeqOf(Decode(outcome.Messages[0])));
        Assert.Equal(1UL, Metric(Decode(outcome.Messages[1]), "Counters/Pass").LongValue);
        Assert.Equal(3UL, Decode(Assert.Single(f.Node.OnResult(Result("cam1", 2)).Messages)).Seq);
    }

    [Fact]
    public void A_rebirth_request_by_the_alias_from_the_NBIRTH_works_too_and_false_asks_for_nothing()
    {
        using var f = new SparkplugFixture();
        var births = f.Connect().Births;
        var alias = Metric(Decode(births[0]), "Node Control/Rebirth").Alias;

        var byAlias = f.Node.OnMessage(Ncmd, RebirthCommand(byName: false, value: true, alias));
        var no = f.Node.OnMessage(Ncmd, RebirthCommand(byName: true, value: false));

        Assert.Equal(3, byAlias.Messages.Count);
        Assert.Empty(no.Messages);
        Assert.Null(no.Error);
    }

    [Theory]
    [InlineData("random", "is not a Sparkplug B payload")]
    [InlineData("empty-payload", "carries no metric")]
    [InlineData("string-value", "must carry a Boolean value, not StringValue")]
    [InlineData("unknown-metric", "'Node Control/Reboot' is not a writable metric")]
    [InlineData("unknown-alias", "alias 9999 is not a writable metric")]
    public void A_malformed_NCMD_is_rejected_with_the_reason_counted_and_the_node_keeps_working(string kind, string reason)
    {
        using var f = new SparkplugFixture();
        f.Connect();
        var payload = kind switch
        {
            "random" => Random(kind),
            "empty-payload" => new Payload { Timestamp = 1 }.ToByteArray(),
            "string-value" => Command(new Payload.Types.Metric { Name = "Node Control/Rebirth", StringValue = "true" }),
            "unknown-metric" => Command(new Payload.Types.Metric { Name = "Node Control/Reboot", BooleanValue = true }),
            _ => Command(new Payload.Types.Metric { Alias = 9999, BooleanValue = true }),
        };

        var outcome = f.Node.OnMessage(Ncmd, payload);

        Assert.Empty(outcome.Messages);
        Assert.NotNull(outcome.Error);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
        Assert.Equal(1, f.Node.RejectedMessages);
        Assert.Contains(f.Log, l => l.Contains(reason, StringComparison.Ordinal));
        Assert.Equal(3UL, Decode(Assert.Single(f.Node.OnResult(Result("cam1", 1)).Messages)).Seq);
    }

    [Fact]
    public void Device_commands_and_foreign_topics_are_refused_without_throwing()
    {
        using var f = new SparkplugFixture();
        f.Connect();

        var dcmd = f.Node.OnMessage("spBv1.0/Line 4/DCMD/station-1/cam1", Command(new Payload.Types.Metric { Name = "x", BooleanValue = true }));
        var foreign = f.Node.OnMessage("spBv1.0/Line 4/NCMD/other-node", RebirthCommand(byName: true, value: true));
        var megabyte = f.Node.OnMessage(Ncmd, new byte[1 << 20]);

        Assert.Contains("DCMD to 'cam1' refused", dcmd.Error, StringComparison.Ordinal);
        Assert.Contains("not a topic this edge node handles", foreign.Error, StringComparison.Ordinal);
        Assert.NotNull(megabyte.Error);
        Assert.Equal(3, f.Node.RejectedMessages);
        Assert.All([dcmd, foreign, megabyte], o => Assert.Empty(o.Messages));
    }

    [Fact]
    public void Rebirth_requests_before_the_session_is_up_are_refused()
    {
        using var f = new SparkplugFixture();

        var outcome = f.Node.OnMessage(Ncmd, RebirthCommand(byName: true, value: true));

        Assert.Empty(outcome.Messages);
        Assert.Equal("Rebirth requested while not connected.", outcome.Error);
    }

    internal static byte[] RebirthCommand(bool byName, bool value, ulong alias = 0)
    {
        var metric = new Payload.Types.Metric { Datatype = (uint)DataType.Boolean, BooleanValue = value, Timestamp = 1 };
        if (byName)
        {
            metric.Name = "Node Control/Rebirth";
        }
        else
        {
            metric.Alias = alias;
        }

        return Command(metric);
    }

    private static byte[] Command(Payload.Types.Metric metric)
    {
        var payload = new Payload { Timestamp = 1_700_000_000_000 };
        payload.Metrics.Add(metric);
        return payload.ToByteArray();
    }

    private static byte[] Random(string seed)
    {
        var bytes = new byte[512];
        new Random(seed.Length).NextBytes(bytes);
        return bytes;
    }
}
