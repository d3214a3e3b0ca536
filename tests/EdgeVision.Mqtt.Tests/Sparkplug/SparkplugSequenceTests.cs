using EdgeVision.Mqtt.Sparkplug;
using static EdgeVision.Mqtt.Tests.Sparkplug.SparkplugFixture;

namespace EdgeVision.Mqtt.Tests.Sparkplug;

/// <summary>The seq (per message) and bdSeq (per session, kept in a file) rules.</summary>
public sealed class SparkplugSequenceTests
{
    [Fact]
    public void Seq_goes_up_by_one_per_message_after_the_NBIRTH_and_wraps_from_255_to_0()
    {
        using var f = new SparkplugFixture();
        var births = f.Connect().Births;

        var seqs = births.Select(b => Decode(b).Seq).ToList();
        for (var i = 1; i <= 300; i++)
        {
            seqs.Add(Decode(Assert.Single(f.Node.OnResult(Result(i % 2 == 0 ? "cam1" : "cam2", i)).Messages)).Seq);
        }

        Assert.Equal(303, seqs.Count);
        Assert.Equal(Enumerable.Range(0, 303).Select(i => (ulong)(i % 256)), seqs);
        Assert.Equal(0UL, seqs[256]);
        Assert.Equal(255UL, seqs[255]);
    }

    [Fact]
    public void BdSeq_goes_up_by_one_per_session_and_the_NBIRTH_of_each_session_carries_its_wills_bdSeq()
    {
        using var f = new SparkplugFixture();

        var first = f.Connect();
        f.Node.OnDisconnected();
        var second = f.Connect();

        Assert.Equal(0, BdSeqOf(Decode(first.Will)));
        Assert.Equal(1, BdSeqOf(Decode(second.Will)));
        Assert.Equal(1, BdSeqOf(Decode(second.Births[0])));
        Assert.Equal(0UL, Decode(second.Births[0]).Seq);
        Assert.Equal(1, f.Node.BdSeq);
    }

    [Fact]
    public void BdSeq_survives_a_restart_through_its_file_and_wraps_from_255_to_0()
    {
        using var f = new SparkplugFixture();
        f.Connect();
        f.Connect();
        Assert.Equal("1", File.ReadAllText(f.BdSeqPath).Trim());

        var restarted = f.NewNode();
        var will = restarted.StartSession();
        File.WriteAllText(f.BdSeqPath, "255\n");
        var afterWrap = f.NewNode().StartSession();

        Assert.Equal(2, BdSeqOf(Decode(will)));
        Assert.Equal(0, BdSeqOf(Decode(afterWrap)));
        Assert.Equal("0", File.ReadAllText(f.BdSeqPath).Trim());
    }

    [Fact]
    public void A_corrupt_bdSeq_file_is_reported_and_the_node_starts_again_at_0()
    {
        using var f = new SparkplugFixture();
        File.WriteAllText(f.BdSeqPath, "forty-two");

        var will = f.NewNode().StartSession();

        Assert.Equal(0, BdSeqOf(Decode(will)));
        Assert.Contains(f.Log, l => l.Contains("holds 'forty-two', not a whole number from 0 to 255", StringComparison.Ordinal));
        Assert.Equal("0", File.ReadAllText(f.BdSeqPath).Trim());
        var store = new FileBdSeqStore(Path.Combine(f.Folder, "other.txt"));
        File.WriteAllText(store.Path, "256");
        Assert.Throws<InvalidDataException>(() => store.Load());
    }

    [Fact]
    public void A_clean_stop_returns_the_NDEATH_of_the_session_and_nothing_is_published_afterwards()
    {
        using var f = new SparkplugFixture();
        f.Connect();
        f.Connect();

        var death = f.Node.Stop();
        var after = f.Node.OnResult(Result("cam1", 1));

        Assert.NotNull(death);
        Assert.Equal("spBv1.0/Line 4/NDEATH/station-1", death.Topic);
        Assert.Equal(1, BdSeqOf(Decode(death)));
        Assert.False(Decode(death).HasSeq);
        Assert.Empty(after.Messages);
        Assert.Null(f.Node.Stop());
        Assert.Equal(SparkplugNodeState.Disconnected, f.Node.State);
    }
}
