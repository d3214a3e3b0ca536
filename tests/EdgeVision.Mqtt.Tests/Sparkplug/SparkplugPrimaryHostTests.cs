using System.Text;
using EdgeVision.Mqtt.Sparkplug;
using static EdgeVision.Mqtt.Tests.Sparkplug.SparkplugFixture;

namespace EdgeVision.Mqtt.Tests.Sparkplug;

/// <summary>Waiting for the primary host application's STATE before births, and dying when it goes away.</summary>
public sealed class SparkplugPrimaryHostTests
{
    private const string State = "spBv1.0/STATE/scada-1";

    private static SparkplugFixture WithHost() => new(new SparkplugSettings { Enabled = true, GroupId = "Line 4", PrimaryHostId = "scada-1" });

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void The_node_subscribes_to_the_hosts_STATE_and_holds_its_births_until_the_host_is_online()
    {
        using var f = WithHost();

        var (will, held) = f.Connect();
        var offline = f.Node.OnMessage(State, Json("""{"online":false,"timestamp":1000}"""));
        var online = f.Node.OnMessage(State, Json("""{"online":true,"timestamp":2000}"""));

        Assert.Contains(State, f.Node.Subscriptions);
        Assert.Contains("spBv1.0/Line 4/NCMD/station-1", f.Node.Subscriptions);
        Assert.Contains("spBv1.0/Line 4/DCMD/station-1/+", f.Node.Subscriptions);
        Assert.Empty(held);
        Assert.Empty(offline.Messages);
        Assert.Equal(3, online.Messages.Count);
        Assert.Equal("spBv1.0/Line 4/NBIRTH/station-1", online.Messages[0].Topic);
        Assert.Equal(0UL, Decode(online.Messages[0]).Seq);
        Assert.Equal(BdSeqOf(Decode(will)), BdSeqOf(Decode(online.Messages[0])));
        Assert.Equal(SparkplugNodeState.Online, f.Node.State);
    }

    [Fact]
    public void Results_while_births_are_held_are_not_published_but_counted()
    {
        using var f = WithHost();
        f.Connect();

        var outcome = f.Node.OnResult(Result("cam1", 1));

        Assert.Empty(outcome.Messages);
        Assert.Equal(1, f.Node.ResultsNotPublished);
        Assert.Equal(SparkplugNodeState.WaitingForPrimaryHost, f.Node.State);
        var rebirth = f.Node.OnMessage("spBv1.0/Line 4/NCMD/station-1", SparkplugCommandTests.RebirthCommand(true, true));
        Assert.Empty(rebirth.Messages);
        Assert.Contains("births are held for primary host 'scada-1'", rebirth.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retained_online_STATE_that_arrives_before_OnConnected_releases_the_births_at_once()
    {
        using var f = WithHost();

        f.Node.StartSession();
        var early = f.Node.OnMessage(State, Json("""{"online":true,"timestamp":5}"""));
        var births = f.Node.OnConnected();

        Assert.Empty(early.Messages);
        Assert.Equal(3, births.Messages.Count);
    }

    [Fact]
    public void When_the_host_goes_offline_the_node_publishes_its_NDEATH_starts_over_and_is_born_again_when_the_host_returns()
    {
        using var f = WithHost();
        var first = f.Connect();
        f.Node.OnMessage(State, Json("""{"online":true,"timestamp":1000}"""));

        var gone = f.Node.OnMessage(State, Json("""{"online":false,"timestamp":2000}"""));
        // The connection restarts the session as asked: a new CONNECT with a new will.
        f.Node.OnDisconnected();
        var second = f.Connect();
        var retainedOffline = f.Node.OnMessage(State, Json("""{"online":false,"timestamp":2000}"""));
        var back = f.Node.OnMessage(State, Json("""{"online":true,"timestamp":3000}"""));

        Assert.True(gone.RestartSession);
        var death = Assert.Single(gone.Messages);
        Assert.Equal("spBv1.0/Line 4/NDEATH/station-1", death.Topic);
        Assert.Equal(BdSeqOf(Decode(first.Will)), BdSeqOf(Decode(death)));
        Assert.Empty(second.Births);
        Assert.Empty(retainedOffline.Messages);
        Assert.Equal(3, back.Messages.Count);
        Assert.Equal(BdSeqOf(Decode(first.Will)) + 1, BdSeqOf(Decode(back.Messages[0])));
        Assert.Equal(BdSeqOf(Decode(second.Will)), BdSeqOf(Decode(back.Messages[0])));
    }

    [Fact]
    public void If_the_session_is_kept_after_the_host_went_offline_the_node_is_born_again_with_the_same_bdSeq_when_it_returns()
    {
        using var f = WithHost();
        var (will, _) = f.Connect();
        f.Node.OnMessage(State, Json("""{"online":true,"timestamp":1000}"""));
        f.Node.OnResult(Result("cam1", 1));

        f.Node.OnMessage(State, Json("""{"online":false,"timestamp":2000}"""));
        var meanwhile = f.Node.OnResult(Result("cam1", 2));
        var back = f.Node.OnMessage(State, Json("""{"online":true,"timestamp":3000}"""));

        Assert.Empty(meanwhile.Messages);
        Assert.Equal([0UL, 1UL, 2UL], back.Messages.Select(m => Decode(m).Seq));
        Assert.Equal(BdSeqOf(Decode(will)), BdSeqOf(Decode(back.Messages[0])));
        Assert.Equal(2UL, Metric(Decode(back.Messages[1]), "Counters/Pass").LongValue);
    }

    [Fact]
    public void A_STATE_older_than_the_last_one_taken_is_ignored()
    {
        using var f = WithHost();
        f.Connect();
        f.Node.OnMessage(State, Json("""{"online":true,"timestamp":5000}"""));

        var stale = f.Node.OnMessage(State, Json("""{"online":false,"timestamp":4000}"""));

        Assert.Empty(stale.Messages);
        Assert.False(stale.RestartSession);
        Assert.Null(stale.Error);
        Assert.Equal(SparkplugNodeState.Online, f.Node.State);
        Assert.Contains(f.Log, l => l.Contains("older than the last one (4000 < 5000)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ONLINE", "is not JSON")]
    [InlineData("", "is empty")]
    [InlineData("[true]", "is JSON Array, not an object")]
    [InlineData("""{"online":"yes","timestamp":1}""", "lacks the Boolean 'online'")]
    [InlineData("""{"online":true}""", "lacks the numeric 'timestamp'")]
    [InlineData("""{"online":true,"timestamp":1.5}""", "lacks the numeric 'timestamp'")]
    public void A_malformed_STATE_is_rejected_with_the_reason_and_births_stay_held(string payload, string reason)
    {
        using var f = WithHost();
        f.Connect();

        var outcome = f.Node.OnMessage(State, Json(payload));

        Assert.Empty(outcome.Messages);
        Assert.Contains(reason, outcome.Error, StringComparison.Ordinal);
        Assert.StartsWith("STATE of primary host 'scada-1'", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(SparkplugNodeState.WaitingForPrimaryHost, f.Node.State);
        Assert.Equal(1, f.Node.RejectedMessages);
    }

    [Fact]
    public void Invalid_UTF8_as_STATE_is_rejected_not_thrown()
    {
        using var f = WithHost();
        f.Connect();

        var outcome = f.Node.OnMessage(State, [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]);

        Assert.NotNull(outcome.Error);
        Assert.Empty(outcome.Messages);
    }
}
