using EdgeVision.Service.Runtime;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Hosting;

/// <summary>
/// Starts and stops the <see cref="EdgeVisionRuntime"/> with the host, tells systemd when it is ready and stopping,
/// and pings systemd's watchdog only while every camera keeps producing results (a stuck pipeline gets restarted).
/// </summary>
public sealed partial class RuntimeHostedService(EdgeVisionRuntime runtime, ILogger<RuntimeHostedService> logger) : IHostedService, IDisposable
{
    private readonly SystemdNotifier _notifier = new(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));
    private readonly CancellationTokenSource _stop = new();
    private Task? _watchdog;

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        _notifier.Notify("READY=1\nSTATUS=inspecting");
        var interval = SystemdNotifier.WatchdogInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"));
        if (_notifier.IsEnabled && interval is { } every)
        {
            _watchdog = Task.Run(() => WatchdogAsync(every / 2, _stop.Token), CancellationToken.None);
        }
    }

    private async Task WatchdogAsync(TimeSpan period, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (runtime.IsMakingProgress(runtime.Settings.Systemd.WatchdogStallLimit))
                {
                    _notifier.Notify("WATCHDOG=1");
                }
                else
                {
                    LogStalled(logger);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _notifier.Notify("STOPPING=1");
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_watchdog is not null)
        {
            await _watchdog.ConfigureAwait(false);
        }

        await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _notifier.Dispose();
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A camera has produced no result within the stall limit; withholding the systemd watchdog ping")]
    private static partial void LogStalled(ILogger logger);
}
