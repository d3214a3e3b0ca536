using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Connection;

/// <summary>
/// One MQTT client connection that stays up: <see cref="Start"/> runs a background loop that connects, re-subscribes,
/// runs the connected hooks, watches the link (a ping every keep-alive period and MQTTnet's disconnect event) and
/// reconnects forever with exponential backoff and jitter (<see cref="ReconnectBackoff"/>). Callers are never blocked:
/// <see cref="PublishAsync"/> returns false at once while there is no connection. MQTTnet 5 has no managed client;
/// this is ours. Each session uses a fresh MQTTnet client, so no state of a dead link leaks into the next one.
/// </summary>
public sealed partial class MqttConnection : IAsyncDisposable
{
    private readonly MqttConnectionSettings _settings;
    private readonly Action<string> _log;
    private readonly TimeProvider _time;
    private readonly List<Subscription> _subscriptions = [];
    private readonly List<Func<MqttConnectedContext, CancellationToken, Task>> _connectedHooks = [];
    private readonly Channel<MqttInboundMessage> _inbound;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Session? _session;
    private Task? _loop;
    private Task? _dispatcher;
    private volatile MqttConnectionState _state;
    private volatile string? _lastError;
    private long _reconnects;
    private long _connects;
    private long _inboundDropped;
    private long _connectedSinceTicks = -1;
    private bool _stopped;

    /// <summary>Creates the connection (not started); throws <see cref="ArgumentException"/> listing every problem of <paramref name="settings"/>.</summary>
    /// <param name="settings">Broker, identity, TLS and reconnect settings.</param>
    /// <param name="log">Receives connection events as sentences (warnings start with "WARNING:").</param>
    /// <param name="time">Clock for reconnect waits and timestamps; the system clock by default.</param>
    public MqttConnection(MqttConnectionSettings settings, Action<string>? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid MQTT connection settings:\n- " + string.Join("\n- ", errors), nameof(settings));
        }

        _settings = settings;
        _log = log ?? (_ => { });
        _time = time ?? TimeProvider.System;
        _inbound = Channel.CreateBounded<MqttInboundMessage>(
            new BoundedChannelOptions(settings.InboundCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnInboundDropped);
    }

    /// <summary>Raised (on the connection's loop) whenever <see cref="State"/> changes; handler exceptions are logged and ignored.</summary>
    public event EventHandler<MqttConnectionState>? StateChanged;

    /// <summary>The settings in use.</summary>
    public MqttConnectionSettings Settings => _settings;

    /// <summary>Asked for the last will at EVERY connect attempt (null or returning null: no will).</summary>
    public Func<MqttWill?>? WillProvider { get; set; }

    /// <summary>Current state.</summary>
    public MqttConnectionState State => _state;

    /// <summary>True while <see cref="State"/> is <see cref="MqttConnectionState.Connected"/>.</summary>
    public bool IsConnected => _state == MqttConnectionState.Connected;

    /// <summary>Successful connects after the first one.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>When the current connection was established; null while not connected.</summary>
    public DateTimeOffset? ConnectedSince
    {
        get
        {
            var ticks = Interlocked.Read(ref _connectedSinceTicks);
            return ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>The most recent failure as a sentence (refused credentials, untrusted certificate, lost link...); kept after a later success so the cause of the last outage stays visible; null if none yet.</summary>
    public string? LastError => _lastError;

    /// <summary>Inbound messages dropped because handlers fell more than <see cref="MqttConnectionSettings.InboundCapacity"/> messages behind (each drop is also logged).</summary>
    public long InboundDropped => Interlocked.Read(ref _inboundDropped);

    /// <summary>
    /// Adds a hook run after each successful connect, after re-subscribing and before others may publish (birth payload,
    /// discovery). Hooks run in the order added; one that throws ends the session, which is retried with backoff.
    /// </summary>
    public void AddConnectedHook(Func<MqttConnectedContext, CancellationToken, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        lock (_gate)
        {
            _connectedHooks.Add(hook);
        }
    }

    /// <summary>
    /// Registers a subscription, established at every connect (also with a persistent session). Messages on topics
    /// matching <paramref name="topicFilter"/> go to <paramref name="handler"/>, one at a time in arrival order, off
    /// MQTTnet's receive loop; handler exceptions are logged and ignored.
    /// </summary>
    public void AddSubscription(string topicFilter, MqttQualityOfServiceLevel qualityOfService, Func<MqttInboundMessage, CancellationToken, Task> handler)
        => _ = Register(topicFilter, qualityOfService, handler);

    /// <summary>
    /// Like <see cref="AddSubscription"/>, and subscribes at once when connected. Returns true when the broker granted
    /// it now; false when not connected (it is subscribed at the next connect) or refused (logged, with the reason).
    /// </summary>
    public async Task<bool> SubscribeAsync(string topicFilter, MqttQualityOfServiceLevel qualityOfService, Func<MqttInboundMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        var (subscription, session) = Register(topicFilter, qualityOfService, handler);
        return session is not null && await SubscribeOnAsync(session, [subscription], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the background connect loop and the inbound dispatcher (once; later calls do nothing).</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            _dispatcher ??= Task.Run(() => DispatchAsync(_stop.Token));
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }
    }

    /// <summary>Publishes <paramref name="message"/>; true when the broker acknowledged it. Never throws for a dead link: returns false, and the loop reconnects.</summary>
    public async Task<bool> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
        => await PublishWithOutcomeAsync(message, cancellationToken).ConfigureAwait(false) == MqttPublishOutcome.Acknowledged;

    /// <summary>Publishes <paramref name="message"/> and says what became of it; never throws for a dead link (only for the caller's own cancellation).</summary>
    public Task<MqttPublishOutcome> PublishWithOutcomeAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var session = _state == MqttConnectionState.Connected ? Volatile.Read(ref _session) : null;
        return session is null || session.Lost.Task.IsCompleted
            ? Task.FromResult(MqttPublishOutcome.NotConnected)
            : PublishOnAsync(session, message, cancellationToken);
    }

    /// <summary>
    /// Stops reconnecting; if connected, publishes <paramref name="finalMessages"/> in order (e.g. the retained
    /// <c>offline</c> status) and disconnects cleanly, so the broker discards the will. True when every final message
    /// was acknowledged and the disconnect was clean.
    /// </summary>
    public async Task<bool> StopAsync(IEnumerable<MqttApplicationMessage>? finalMessages = null, CancellationToken cancellationToken = default)
    {
        Task? loop;
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            loop = _loop;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await IgnoreCancellationAsync(loop).ConfigureAwait(false);
        var session = Interlocked.Exchange(ref _session, null);
        var clean = false;
        if (session is not null && session.Client.IsConnected)
        {
            clean = true;
            foreach (var message in finalMessages ?? [])
            {
                clean &= await PublishOnAsync(session, message, cancellationToken).ConfigureAwait(false) == MqttPublishOutcome.Acknowledged;
            }

            clean &= await session.DisconnectAsync(_settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            _log(clean ? $"MQTT: disconnected cleanly from {_settings.Endpoint}" : $"MQTT: stopped; the goodbye to {_settings.Endpoint} was incomplete");
        }

        session?.Dispose();
        _inbound.Writer.TryComplete();
        await IgnoreCancellationAsync(_dispatcher).ConfigureAwait(false);
        SetDisconnected();
        return clean;
    }

    /// <summary>Stops (a clean disconnect without final messages, if not stopped yet) and releases everything.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private (Subscription Subscription, Session? Session) Register(string topicFilter, MqttQualityOfServiceLevel qualityOfService, Func<MqttInboundMessage, CancellationToken, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topicFilter);
        ArgumentNullException.ThrowIfNull(handler);
        if (!IsValidFilter(topicFilter))
        {
            throw new ArgumentException($"'{topicFilter}' is not a valid MQTT topic filter ('#' only last, wildcards fill a whole level).", nameof(topicFilter));
        }

        var subscription = new Subscription(topicFilter, qualityOfService, handler);
        lock (_gate)
        {
            _subscriptions.Add(subscription);
            return (subscription, _state == MqttConnectionState.Connected ? _session : null);
        }
    }

    /// <summary>MQTT's rule for filters: '+' and '#' fill a whole level, and '#' only the last one.</summary>
    private static bool IsValidFilter(string filter)
    {
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if ((level.Contains('+', StringComparison.Ordinal) && level != "+") ||
                (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1)) ||
                level.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void SetState(MqttConnectionState state)
    {
        if (_state == state)
        {
            return;
        }

        _state = state;
        RaiseStateChanged(state);
    }

    private void RaiseStateChanged(MqttConnectionState state)
    {
        try
        {
            StateChanged?.Invoke(this, state);
        }
#pragma warning disable CA1031 // a subscriber's bug must not stop the connection loop
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log($"MQTT: a StateChanged handler failed: {e.Message}");
        }
    }

    private void SetDisconnected()
    {
        Interlocked.Exchange(ref _connectedSinceTicks, -1);
        SetState(MqttConnectionState.Disconnected);
    }

    private void Fail(string error)
    {
        _lastError = error;
        _log($"MQTT: {error}");
    }

    private static async Task IgnoreCancellationAsync(Task? task)
    {
        if (task is null)
        {
            return;
        }

        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Subscription(string TopicFilter, MqttQualityOfServiceLevel QualityOfService, Func<MqttInboundMessage, CancellationToken, Task> Handler);
}
