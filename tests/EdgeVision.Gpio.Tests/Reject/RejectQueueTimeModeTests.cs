using EdgeVision.Gpio.Reject;

namespace EdgeVision.Gpio.Tests.Reject;

// The clock counts microseconds and moves only when the test moves it, so edge timestamps are exact.
public class RejectQueueTimeModeTests
{
    private static readonly RejectQueueOptions Options = new()
    {
        Mode = RejectQueueMode.Time,
        Delay = TimeSpan.FromMilliseconds(100),
        DecisionMargin = TimeSpan.FromMilliseconds(20),
        PulseWidth = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public void A_failed_part_is_rejected_at_trigger_plus_delay_and_a_passed_part_is_not()
    {
        using var rig = new RejectRig(Options, start: 1_000);
        rig.Open(1, triggerTimestamp: 1_000);
        rig.Open(2, triggerTimestamp: 31_000);
        Assert.Equal(ResultOutcome.Scheduled, rig.Queue.Deliver(1, pass: false));
        Assert.Equal(ResultOutcome.Scheduled, rig.Queue.Deliver(2, pass: true));

        rig.Clock.AdvanceTo(100_999);
        Assert.Empty(rig.RisingEdges(RejectRig.RejectPin));
        rig.Clock.AdvanceTo(101_000);
        rig.Clock.AdvanceTo(106_000);
        rig.Clock.AdvanceTo(131_000);
        rig.Clock.AdvanceTo(140_000);

        Assert.Equal([101_000], rig.RisingEdges(RejectRig.RejectPin));
        Assert.Equal([106_000], rig.FallingEdges(RejectRig.RejectPin));
        RejectQueueStatistics stats = rig.Queue.GetStatistics();
        Assert.Equal(2, stats.Opened);
        Assert.Equal(2, stats.Delivered);
        Assert.Equal(1, stats.ActuatedRejects);
        Assert.Equal(0, stats.ActuatedPasses);
        Assert.Equal(0, stats.Depth);
        Assert.Equal(0, stats.FailSafes);
        Assert.False(rig.Queue.LateAlarm);
    }

    [Fact]
    public void Results_out_of_order_actuate_each_part_at_its_own_deadline()
    {
        using var rig = new RejectRig(Options, withPass: true);
        long[] triggers = [0, 25_000, 50_000, 75_000, 100_000, 125_000];
        bool[] passes = [false, true, false, false, true, false];
        for (int i = 0; i < triggers.Length; i++)
        {
            rig.Open(i, triggers[i]);
        }

        // Results come back in another order than the parts were taken, each before its decision deadline.
        foreach (int i in new[] { 2, 0, 5, 1, 4, 3 })
        {
            Assert.Equal(ResultOutcome.Scheduled, rig.Queue.Deliver(i, passes[i]));
        }

        foreach (long t in triggers.SelectMany(t => new[] { t + 100_000, t + 105_000 }))
        {
            rig.Clock.AdvanceTo(t);
        }

        long[] failedDeadlines = triggers.Where((_, i) => !passes[i]).Select(t => t + 100_000).ToArray();
        long[] passedDeadlines = triggers.Where((_, i) => passes[i]).Select(t => t + 100_000).ToArray();
        Assert.Equal(failedDeadlines, rig.RisingEdges(RejectRig.RejectPin));
        Assert.Equal(failedDeadlines.Select(t => t + 5_000), rig.FallingEdges(RejectRig.RejectPin));
        Assert.Equal(passedDeadlines, rig.RisingEdges(RejectRig.PassPin));
        Assert.Equal(passedDeadlines.Select(t => t + 5_000), rig.FallingEdges(RejectRig.PassPin));
        RejectQueueStatistics stats = rig.Queue.GetStatistics();
        Assert.Equal(4, stats.ActuatedRejects);
        Assert.Equal(2, stats.ActuatedPasses);
        Assert.Equal(6, stats.TimingSamples);
        Assert.Equal(0, stats.TimingErrorMax);
    }

    [Fact]
    public void A_missing_result_gets_the_fail_safe_at_the_decision_deadline_and_a_late_result_is_counted_not_actuated()
    {
        using var rig = new RejectRig(Options, withPass: true);
        rig.Open(7, triggerTimestamp: 0);

        rig.Clock.AdvanceTo(79_999);
        Assert.Equal(0, rig.Queue.FailSafes);
        rig.Clock.AdvanceTo(80_000);
        Assert.Equal(1, rig.Queue.FailSafes);
        Assert.True(rig.Queue.LateAlarm);
        Assert.True(rig.Queue.TryGetPart(7, out PartRecord failed));
        Assert.Equal(PartState.FailedSafe, failed.State);

        // The result says pass, but the decision is made: it must not reach the pass output.
        Assert.Equal(ResultOutcome.Late, rig.Queue.Deliver(7, pass: true));
        Assert.True(rig.Queue.TryGetPart(7, out PartRecord late));
        Assert.Equal(PartState.LateResult, late.State);
        rig.Clock.AdvanceTo(100_000);
        rig.Clock.AdvanceTo(105_000);

        Assert.Equal([100_000], rig.RisingEdges(RejectRig.RejectPin));
        Assert.Empty(rig.RisingEdges(RejectRig.PassPin));
        Assert.Equal(ResultOutcome.Duplicate, rig.Queue.Deliver(7, pass: true));
        RejectQueueStatistics stats = rig.Queue.GetStatistics();
        Assert.Equal(1, stats.LateResults);
        Assert.Equal(1, stats.FailSafes);
        Assert.Equal(1, stats.ActuatedRejects);
        Assert.Equal(0, stats.Delivered);
        rig.Queue.AcknowledgeLateAlarm();
        Assert.False(rig.Queue.LateAlarm);
    }

    [Fact]
    public void A_result_arriving_after_its_part_passed_the_gate_is_counted_late()
    {
        using var rig = new RejectRig(Options);
        rig.Open(1, triggerTimestamp: 0);
        rig.Clock.AdvanceTo(100_000);
        rig.Clock.AdvanceTo(105_000);
        Assert.Equal(0, rig.Queue.Depth);

        Assert.Equal(ResultOutcome.Late, rig.Queue.Deliver(1, pass: false));

        Assert.Equal(1, rig.Queue.LateResults);
        Assert.Equal([100_000], rig.RisingEdges(RejectRig.RejectPin));
        Assert.Equal(ResultOutcome.Unknown, rig.Queue.Deliver(99, pass: false));
        Assert.Equal(1, rig.Queue.GetStatistics().UnknownResults);
    }

    [Theory]
    [InlineData(FailSafeAction.Reject, 1, 0)]
    [InlineData(FailSafeAction.Pass, 0, 1)]
    [InlineData(FailSafeAction.None, 0, 0)]
    public void The_configured_fail_safe_decides_the_output(FailSafeAction failSafe, int rejects, int passes)
    {
        using var rig = new RejectRig(Options with { FailSafe = failSafe }, withPass: true);
        rig.Open(1, triggerTimestamp: 0);

        rig.Clock.AdvanceTo(80_000);
        rig.Clock.AdvanceTo(100_000);
        rig.Clock.AdvanceTo(105_000);

        Assert.Equal(rejects, rig.RisingEdges(RejectRig.RejectPin).Length);
        Assert.Equal(passes, rig.RisingEdges(RejectRig.PassPin).Length);
        Assert.Equal(1, rig.Queue.FailSafes);
    }

    [Fact]
    public void A_full_queue_refuses_the_new_part_and_counts_it()
    {
        using var rig = new RejectRig(Options with { Capacity = 3 });
        rig.Open(1, 0);
        rig.Open(2, 10_000);
        rig.Open(3, 20_000);

        bool fourth = rig.Queue.TryOpen(4, 30_000, 0);

        Assert.False(fourth);
        Assert.Equal(1, rig.Queue.Overflows);
        Assert.Equal(3, rig.Queue.Depth);
        Assert.Equal(ResultOutcome.Unknown, rig.Queue.Deliver(4, pass: false));

        // Once the first part is past its gate there is room again.
        rig.Queue.Deliver(1, pass: true);
        rig.Clock.AdvanceTo(100_000);
        Assert.True(rig.Queue.TryOpen(5, 100_000, 0));
        Assert.Equal(3, rig.Queue.Depth);
    }

    [Fact]
    public void Timing_error_percentiles_are_by_nearest_rank_over_the_actions()
    {
        using var rig = new RejectRig(Options with { Capacity = 128, PulseWidth = TimeSpan.FromMilliseconds(1) });
        var random = new Random(4);
        int[] lateness = Enumerable.Range(0, 100).OrderBy(_ => random.Next()).ToArray();
        for (int i = 0; i < 100; i++)
        {
            rig.Open(i, i * 10_000);
            rig.Queue.Deliver(i, pass: false);
        }

        // Part i is seen lateness[i] microseconds after its deadline: errors are 0 to 99 µs.
        for (int i = 0; i < 100; i++)
        {
            long deadline = (i * 10_000) + 100_000;
            rig.Clock.AdvanceTo(deadline + lateness[i]);
            rig.Clock.AdvanceTo(deadline + lateness[i] + 1_000);
        }

        RejectQueueStatistics stats = rig.Queue.GetStatistics();
        Assert.Equal(100, stats.TimingSamples);
        Assert.Equal(49, stats.TimingErrorP50);
        Assert.Equal(98, stats.TimingErrorP99);
        Assert.Equal(99, stats.TimingErrorMax);
        Assert.Equal(100, rig.RisingEdges(RejectRig.RejectPin).Length);
    }

    [Fact]
    public void The_timing_thread_allocates_nothing_per_part()
    {
        using var rig = new RejectRig(Options with { PulseWidth = TimeSpan.FromMilliseconds(1) }, withPass: true);
        long t = 0;
        long id = 0;
        void RunParts(int count)
        {
            for (int i = 0; i < count; i++, id++, t += 10_000)
            {
                rig.Open(id, t);
                rig.Queue.Deliver(id, pass: id % 3 == 0);
                rig.Clock.AdvanceTo(t + 100_000);
                rig.Clock.AdvanceTo(t + 101_000);
            }
        }

        RunParts(50);
        long warm = rig.Queue.TimingThreadAllocatedBytes;
        RunParts(300);
        long after = rig.Queue.TimingThreadAllocatedBytes;

        Assert.Equal(350, rig.Queue.GetStatistics().ActuatedRejects + rig.Queue.GetStatistics().ActuatedPasses);
        Assert.Equal(0, after - warm);
    }

    [Fact]
    public void An_output_that_cannot_be_written_stops_the_queue_and_reports_why()
    {
        var rig = new RejectRig(Options);
        rig.Open(1, triggerTimestamp: 0);
        rig.Queue.Deliver(1, pass: false);
        rig.Controller.ClosePin(RejectRig.RejectPin);

        rig.Clock.Set(100_000);

        Assert.True(SpinWait.SpinUntil(() => rig.Queue.Fault is not null, TimeSpan.FromSeconds(30)), "the timing thread did not stop");
        Assert.IsType<InvalidOperationException>(rig.Queue.Fault);
        var refused = Assert.Throws<InvalidOperationException>(() => rig.Queue.TryOpen(2, 100_000, 0));
        Assert.Same(rig.Queue.Fault, refused.InnerException);
        Assert.Throws<InvalidOperationException>(() => rig.Queue.Deliver(1, pass: false));
    }

    [Fact]
    public void Only_the_wait_for_an_output_edge_is_precise()
    {
        using var rig = new RejectRig(Options);
        rig.Open(1, triggerTimestamp: 0);
        Assert.Equal((80_000, false), rig.Clock.CurrentWait);
        rig.Queue.Deliver(1, pass: false);

        rig.Clock.AdvanceTo(80_000);
        Assert.Equal((100_000, true), rig.Clock.CurrentWait);
        rig.Clock.AdvanceTo(100_000);
        Assert.Equal((105_000, false), rig.Clock.CurrentWait);

        rig.Clock.AdvanceTo(105_000);

        // A decision deadline 2 ms before another part's action is waited for precisely, not to oversleep that action.
        rig.Open(2, triggerTimestamp: 110_000);
        rig.Queue.Deliver(2, pass: false);
        rig.Open(3, triggerTimestamp: 128_000);
        Assert.Equal((208_000, true), rig.Clock.CurrentWait);
    }
}
