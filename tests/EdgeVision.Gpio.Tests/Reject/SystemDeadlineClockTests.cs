using EdgeVision.Gpio.Reject;

namespace EdgeVision.Gpio.Tests.Reject;

// Only lower bounds and wake-ups are checked: how late a wait returns depends on the machine.
public class SystemDeadlineClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_wait_returns_true_no_earlier_than_its_deadline()
    {
        using var clock = new SystemDeadlineClock();
        long deadline = clock.Now + (clock.Frequency / 200);

        bool reached = clock.WaitUntil(deadline, precise: true);

        Assert.True(reached);
        Assert.True(clock.Now >= deadline);
    }

    [Fact]
    public void A_wake_ends_a_wait_for_a_far_deadline_and_it_says_so()
    {
        using var clock = new SystemDeadlineClock();
        bool? reached = null;
        var waiter = new Thread(() => reached = clock.WaitUntil(long.MaxValue, precise: true));
        waiter.Start();

        clock.Wake();

        Assert.True(waiter.Join(Patience), "the wait did not end on the wake");
        Assert.False(reached);
    }

    [Fact]
    public void A_wake_before_the_wait_ends_the_next_wait()
    {
        using var clock = new SystemDeadlineClock();
        clock.Wake();

        bool reached = clock.WaitUntil(clock.Now + (clock.Frequency * 3600), precise: false);

        Assert.False(reached);
    }

    [Fact]
    public void A_deadline_in_the_past_returns_at_once()
    {
        using var clock = new SystemDeadlineClock();

        Assert.True(clock.WaitUntil(clock.Now - 1, precise: true));
    }
}
