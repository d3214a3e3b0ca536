using EdgeVision.Acquisition.Triggers;

namespace EdgeVision.Acquisition.Tests.Triggers;

public class TriggerQueueTests
{
    [Fact]
    public void Triggers_come_out_in_the_order_they_were_fired_with_their_timestamps()
    {
        using var queue = new TriggerQueue(4);
        Assert.True(queue.Fire(1, 100));
        Assert.True(queue.Fire(2, 250));

        Assert.True(queue.TryTake(TimeSpan.Zero, CancellationToken.None, out var first));
        Assert.True(queue.TryTake(TimeSpan.Zero, CancellationToken.None, out var second));
        Assert.False(queue.TryTake(TimeSpan.Zero, CancellationToken.None, out _));

        Assert.Equal((new TriggerRequest(1, 100), new TriggerRequest(2, 250)), (first, second));
        Assert.Equal(2, queue.Fired);
    }

    [Fact]
    public void A_full_queue_refuses_and_counts_the_trigger_and_wraps_around_afterwards()
    {
        using var queue = new TriggerQueue(2);
        Assert.True(queue.Fire(1, 1));
        Assert.True(queue.Fire(2, 2));

        Assert.False(queue.Fire(3, 3));
        Assert.Equal(1, queue.Overflows);
        Assert.True(queue.TryTake(TimeSpan.Zero, CancellationToken.None, out var r1));
        Assert.True(queue.Fire(4, 4));
        Assert.True(queue.TryTake(TimeSpan.Zero, CancellationToken.None, out var r2));
        Assert.True(queue.TryTake(TimeSpan.Zero, CancellationToken.None, out var r3));
        Assert.Equal([1L, 2, 4], new[] { r1.Id, r2.Id, r3.Id });
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public async Task A_waiting_taker_is_woken_by_a_trigger_from_another_thread_and_released_by_cancellation()
    {
        using var queue = new TriggerQueue();
        var take = Task.Run(() => queue.TryTake(TimeSpan.FromSeconds(30), CancellationToken.None, out var r) ? r.Id : -1);
        Assert.True(queue.Fire(7, 70));
        Assert.Equal(7, await take);

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.False(queue.TryTake(TimeSpan.FromSeconds(30), cancel.Token, out _));
    }
}
