using System.Globalization;
using MQTTnet;

namespace EdgeVision.Mqtt.Connection;

/// <content>The connect loop: connect, set up the session, watch the link, reconnect with backoff.</content>
public sealed partial class MqttConnection
{
    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                SetState(MqttConnectionState.Connecting);
                var session = await TryConnectAsync(stop).ConfigureAwait(false);
                if (session is null)
                {
                    SetDisconnected();
                    await WaitBeforeRetryAsync(failures++, stop).ConfigureAwait(false);
                    continue;
                }

                var reason = await SuperviseAsync(session, stop).ConfigureAwait(false);
                lock (_gate)
                {
                    _session = null;
                }

                SetDisconnected();
                Fail($"lost the connection to {_settings.Endpoint}: {reason}");
                session.Dispose(); // no DISCONNECT on a dead link: the broker publishes the will
                var lasted = _time.GetUtcNow() - session.Since;
                failures = lasted >= _settings.KeepAlive ? 0 : failures + 1; // a link that flaps right after connecting keeps backing off
                await WaitBeforeRetryAsync(failures, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // StopAsync: it says goodbye on the session still held in _session, if any
        }
    }

    private async Task WaitBeforeRetryAsync(int failures, CancellationToken stop)
    {
#pragma warning disable CA5394 // jitter needs no cryptographic randomness
        var delay = ReconnectBackoff.Delay(failures, _settings.MinReconnectDelay, _settings.MaxReconnectDelay, Random.Shared.NextDouble());
#pragma warning restore CA5394
        _log($"MQTT: next connect attempt to {_settings.Endpoint} in {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        await Task.Delay(delay, _time, stop).ConfigureAwait(false);
    }

    /// <summary>Connects, re-subscribes and runs the hooks; returns the session once it is Connected, or null after a failure (LastError set).</summary>
    private async Task<Session?> TryConnectAsync(CancellationToken stop)
    {
        MqttWill? will;
        try
        {
            will = WillProvider?.Invoke();
        }
#pragma warning disable CA1031 // a faulty will provider must not end the loop: it is reported and retried
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail($"the will provider failed: {e.Message}");
            return null;
        }

        var session = new Session(new MqttClientFactory().CreateMqttClient(), _time.GetUtcNow());
        try
        {
            var options = BuildOptions(session, will);
            session.Client.DisconnectedAsync += e =>
            {
                session.MarkLost(DescribeDisconnect(e));
                return Task.CompletedTask;
            };
            session.Client.ApplicationMessageReceivedAsync += e =>
            {
                Receive(e.ApplicationMessage);
                return Task.CompletedTask;
            };

            MqttClientConnectResult result;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                timeout.CancelAfter(_settings.ConnectTimeout);
                result = await session.Client.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
            }

            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Fail(DescribeRefusal(result.ResultCode, result.ReasonString));
                session.Dispose();
                return null;
            }

            if (!await SetUpSessionAsync(session, result.IsSessionPresent, will, stop).ConfigureAwait(false))
            {
                session.Dispose();
                return null;
            }

            return session;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            session.Dispose();
            throw;
        }
#pragma warning disable CA1031 // every connect failure (socket, TLS, protocol, hook) is reported and retried, never thrown
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail(DescribeConnectFailure(e, session));
            session.Dispose();
            return null;
        }
    }

    private async Task<bool> SetUpSessionAsync(Session session, bool sessionPresent, MqttWill? will, CancellationToken stop)
    {
        Subscription[] subscriptions;
        Func<MqttConnectedContext, CancellationToken, Task>[] hooks;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            hooks = [.. _connectedHooks];
        }

        await SubscribeOnAsync(session, subscriptions, stop).ConfigureAwait(false);
        var context = new MqttConnectedContext(sessionPresent, Interlocked.Read(ref _connects) + 1, will, (m, ct) => PublishOnAsync(session, m, ct));
        foreach (var hook in hooks)
        {
            try
            {
                await hook(context, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                Fail($"a connected hook failed, so this session to {_settings.Endpoint} is ended and retried: {e.GetType().Name}: {e.Message}");
                return false;
            }

            if (session.Lost.Task.IsCompleted)
            {
                Fail($"the connection to {_settings.Endpoint} died while setting up the session: {await session.Lost.Task.ConfigureAwait(false)}");
                return false;
            }
        }

        // Subscriptions added while this ran are subscribed here; the one that finds none left opens the session to
        // publishers under the same lock that Register takes, so none can slip between the two.
        var done = subscriptions.Length;
        while (true)
        {
            Subscription[] late;
            lock (_gate)
            {
                late = [.. _subscriptions.Skip(done)];
                if (late.Length == 0)
                {
                    if (session.Lost.Task.IsCompleted)
                    {
                        break;
                    }

                    _session = session;
                    _state = MqttConnectionState.Connected;
                    Interlocked.Exchange(ref _connectedSinceTicks, _time.GetUtcNow().UtcTicks);
                }
            }

            if (late.Length == 0)
            {
                break;
            }

            await SubscribeOnAsync(session, late, stop).ConfigureAwait(false);
            done += late.Length;
        }

        if (_state != MqttConnectionState.Connected)
        {
            Fail($"the connection to {_settings.Endpoint} died while setting up the session: {await session.Lost.Task.ConfigureAwait(false)}");
            return false;
        }

        var count = Interlocked.Increment(ref _connects);
        if (count > 1)
        {
            Interlocked.Increment(ref _reconnects);
        }

        if (session.Insecure is { } skipped)
        {
            _log($"WARNING: MQTT: connected to {_settings.Endpoint} WITHOUT checking the broker's TLS certificate (Tls.AllowInsecure is set){skipped}; anyone on the path can read and alter this traffic");
        }

        _log($"MQTT: {(count > 1 ? "reconnected" : "connected")} to {_settings.Endpoint} as '{_settings.ClientId}' (MQTT {(_settings.ProtocolVersion == MqttProtocol.V5 ? "5" : "3.1.1")}, " +
             $"{(_settings.Tls.Enabled ? "TLS" : "no TLS")}, {(sessionPresent ? "stored session resumed" : "new session")}, {done} subscription(s), reconnects {Reconnects})");
        RaiseStateChanged(MqttConnectionState.Connected);
        return true;
    }

    /// <summary>Waits until the link is lost (MQTTnet's disconnect event, a failed publish, or no answer to a ping each keep-alive period) and says why.</summary>
    private async Task<string> SuperviseAsync(Session session, CancellationToken stop)
    {
        while (true)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                var delay = Task.Delay(_settings.KeepAlive, _time, tick.Token);
                if (await Task.WhenAny(session.Lost.Task, delay).ConfigureAwait(false) == session.Lost.Task)
                {
                    await tick.CancelAsync().ConfigureAwait(false);
                    return await session.Lost.Task.ConfigureAwait(false);
                }

                await delay.ConfigureAwait(false); // throws when stopping
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_settings.ConnectTimeout);
            if (!await session.Client.TryPingAsync(timeout.Token).ConfigureAwait(false))
            {
                stop.ThrowIfCancellationRequested();
                return $"no answer to a ping within {_settings.ConnectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s (dead link)";
            }
        }
    }
}
