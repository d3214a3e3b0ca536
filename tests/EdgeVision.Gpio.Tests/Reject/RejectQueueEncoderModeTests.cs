using EdgeVision.Gpio.Reject;

namespace EdgeVision.Gpio.Tests.Reject;

// The belt moves one poll interval of the manual clock per step, by a varying number of counts; each step the test sets
// the count and then the time, so an edge's timestamp tells the count the belt was at when it fired.
public class RejectQueueEncoderModeTests
{
    private const long Distance = 1_000;
    private const long Poll = 1_000;

    private static readonly RejectQueueOptions Options = new()
    {
        Mode = RejectQueueMode.Encoder,
        DistanceCounts = Distance,
        DecisionMarginCounts = 200,
        PulseWidth = TimeSpan.FromMilliseconds(2),
        EncoderPollInterval = TimeSpan.FromTicks(Poll * 10),
    };

    [Fact]
    public void Each_reject_fires_at_its_count_for_a_stream_of_parts_at_varying_belt_speed_with_results_out_of_order()
    {
        var belt = new Belt();
        using var rig = new RejectRig(Options, withPass: true, position: belt);
        var random = new Random(11);
        const int Parts = 24;
        long[] triggers = new long[Parts];
        long[] deliverAt = new long[Parts];
        bool[] passes = new bool[Parts];
        long count = 100;
        for (int i = 0; i < Parts; i++)
        {
            triggers[i] = count;
            deliverAt[i] = count + random.Next(30, 780);
            passes[i] = random.Next(3) == 0;
            count += random.Next(120, 400);
        }

        var positionAt = new Dictionary<long, long>();
        int opened = 0;
        long time = 0;
        long end = triggers[^1] + Distance + 10;
        while (belt.Position < end)
        {
            // Irregular speed (0 to 9 counts per step, stops included), landing exactly on every trigger and gate count.
            long step = random.Next(10);
            long next = belt.Position + step;
            long landmark = NextLandmark(belt.Position, triggers);
            belt.Position = Math.Min(next, landmark);
            time += Poll;
            positionAt[time] = belt.Position;
            rig.Clock.AdvanceTo(time);

            while (opened < Parts && belt.Position == triggers[opened])
            {
                rig.Open(opened, time, triggers[opened]);
                opened++;
            }

            for (int i = 0; i < opened; i++)
            {
                if (deliverAt[i] != long.MinValue && belt.Position >= deliverAt[i])
                {
                    Assert.Equal(ResultOutcome.Scheduled, rig.Queue.Deliver(i, passes[i]));
                    deliverAt[i] = long.MinValue;
                }
            }
        }

        rig.Clock.AdvanceTo(time + 10 * Poll);
        long[] rejectCounts = rig.RisingEdges(RejectRig.RejectPin).Select(t => positionAt[t]).ToArray();
        long[] passCounts = rig.RisingEdges(RejectRig.PassPin).Select(t => positionAt[t]).ToArray();
        Assert.Equal(triggers.Where((_, i) => !passes[i]).Select(c => c + Distance), rejectCounts);
        Assert.Equal(triggers.Where((_, i) => passes[i]).Select(c => c + Distance), passCounts);
        RejectQueueStatistics stats = rig.Queue.GetStatistics();
        Assert.Equal(Parts, stats.Delivered);
        Assert.Equal(0, stats.FailSafes);
        Assert.Equal(Parts, stats.TimingSamples);
        Assert.Equal(0, stats.TimingErrorMax);
    }

    [Fact]
    public void A_belt_that_jumps_past_a_gate_fires_late_by_the_counts_it_overshot_and_says_so()
    {
        var belt = new Belt();
        using var rig = new RejectRig(Options, position: belt);
        rig.Open(1, 0, triggerCount: 0);
        rig.Queue.Deliver(1, pass: false);

        belt.Position = Distance + 7;
        rig.Clock.AdvanceTo(Poll);

        Assert.Equal([Poll], rig.RisingEdges(RejectRig.RejectPin));
        Assert.Equal(7, rig.Queue.GetStatistics().TimingErrorMax);
    }

    [Fact]
    public void A_missing_result_fails_safe_at_the_decision_count()
    {
        var belt = new Belt();
        using var rig = new RejectRig(Options, position: belt);
        rig.Open(1, 0, triggerCount: 50);

        belt.Position = 849;
        rig.Clock.AdvanceTo(Poll);
        Assert.Equal(0, rig.Queue.FailSafes);
        belt.Position = 850;
        rig.Clock.AdvanceTo(2 * Poll);
        Assert.Equal(1, rig.Queue.FailSafes);
        Assert.Equal(ResultOutcome.Late, rig.Queue.Deliver(1, pass: true));
        belt.Position = 1_050;
        rig.Clock.AdvanceTo(3 * Poll);

        Assert.Equal([3 * Poll], rig.RisingEdges(RejectRig.RejectPin));
        Assert.Equal(1, rig.Queue.LateResults);
    }

    private static long NextLandmark(long position, long[] triggers)
    {
        long nearest = long.MaxValue;
        foreach (long trigger in triggers)
        {
            if (trigger > position)
            {
                nearest = Math.Min(nearest, trigger);
            }

            if (trigger + Distance > position)
            {
                nearest = Math.Min(nearest, trigger + Distance);
            }
        }

        return nearest;
    }
}
