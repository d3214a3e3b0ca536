using System.Globalization;
using System.Text.RegularExpressions;
using EdgeVision.Mqtt.Connection;

namespace EdgeVision.Mqtt.Tests.Connection;

/// <summary>The reconnect schedule as a pure function: doubling, the cap, and the jitter bounds.</summary>
public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(1, 2, 4)]
    [InlineData(2, 4, 8)]
    [InlineData(3, 8, 16)]
    [InlineData(4, 15, 30)] // 32 s capped at 30 s
    [InlineData(5, 15, 30)]
    [InlineData(60, 15, 30)]
    [InlineData(int.MaxValue, 15, 30)] // no overflow however long the outage
    public void The_range_doubles_per_failure_until_the_cap(int failures, double lowerSeconds, double upperSeconds)
    {
        var (lower, upper) = ReconnectBackoff.Bounds(failures, Min, Max);

        Assert.Equal(TimeSpan.FromSeconds(lowerSeconds), lower);
        Assert.Equal(TimeSpan.FromSeconds(upperSeconds), upper);
    }

    [Fact]
    public void The_sample_picks_a_point_between_the_bounds()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), ReconnectBackoff.Delay(2, Min, Max, 0));
        Assert.Equal(TimeSpan.FromSeconds(6), ReconnectBackoff.Delay(2, Min, Max, 0.5));
        Assert.Equal(TimeSpan.FromSeconds(8), ReconnectBackoff.Delay(2, Min, Max, 1));
    }

    [Fact]
    public void Random_waits_never_leave_min_and_max_and_are_spread_out()
    {
        var random = new Random(1234);
        for (var failures = 0; failures < 40; failures++)
        {
            var delays = Enumerable.Range(0, 200).Select(_ => ReconnectBackoff.Delay(failures, Min, Max, random.NextDouble())).ToList();

            Assert.All(delays, d => Assert.InRange(d, Min, Max));
            Assert.True(delays.Max() - delays.Min() >= TimeSpan.FromSeconds(0.4), $"after {failures} failures the waits are not spread: {delays.Min()}..{delays.Max()}");
        }
    }

    [Fact]
    public void A_cap_below_twice_the_minimum_keeps_the_wait_between_the_two()
    {
        var min = TimeSpan.FromMilliseconds(300);
        var max = TimeSpan.FromMilliseconds(400);

        Assert.Equal((min, max), ReconnectBackoff.Bounds(0, min, max));
        Assert.Equal((min, max), ReconnectBackoff.Bounds(9, min, max));
        Assert.Equal((min, min), ReconnectBackoff.Bounds(3, min, min));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_sample_outside_0_to_1_is_refused(double sample)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectBackoff.Delay(0, Min, Max, sample));

        Assert.Equal("sample", error.ParamName);
    }

    [Fact]
    public void Bad_schedule_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectBackoff.Bounds(-1, Min, Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectBackoff.Bounds(0, TimeSpan.Zero, Max));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectBackoff.Bounds(0, Max, Min));
    }

    [Fact]
    public async Task The_connection_loop_waits_by_this_schedule_between_failed_attempts_on_a_stepped_clock()
    {
        var clock = new SteppedTimeProvider();
        var log = new TestLog();
        var settings = new MqttConnectionSettings { Port = LoopbackPort.Free(), MinReconnectDelay = Min, MaxReconnectDelay = TimeSpan.FromSeconds(8) }; // nothing listens there
        await using var connection = new MqttConnection(settings, log.Write, clock);
        var wait = new Regex(@"next connect attempt to \S+ in ([0-9.]+) s$");

        connection.Start();
        await Eventually.HoldsAsync(
            () =>
            {
                clock.Advance(settings.MaxReconnectDelay); // fires the pending wait, whichever it is
                return log.Count("next connect attempt") >= 8;
            },
            "eight failed attempts");

        var waits = log.Lines.Select(l => wait.Match(l)).Where(m => m.Success)
            .Select(m => TimeSpan.FromSeconds(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).Take(8).ToList();
        for (var failures = 0; failures < waits.Count; failures++)
        {
            var (lower, upper) = ReconnectBackoff.Bounds(failures, settings.MinReconnectDelay, settings.MaxReconnectDelay);
            Assert.InRange(waits[failures], lower - TimeSpan.FromMilliseconds(1), upper + TimeSpan.FromMilliseconds(1)); // the log rounds to 1 ms
        }

        Assert.True(log.Count("connection refused") >= 8);
        Assert.False(connection.IsConnected);
    }
}
