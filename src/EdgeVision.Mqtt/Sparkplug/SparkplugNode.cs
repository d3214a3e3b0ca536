using System.Buffers;
using EdgeVision.Mqtt.Sparkplug.Protobuf;
using Google.Protobuf;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>Where an edge node is in its Sparkplug session.</summary>
public enum SparkplugNodeState
{
    /// <summary>No MQTT session: nothing is published.</summary>
    Disconnected,

    /// <summary>Connected, births held until the primary host's STATE says online.</summary>
    WaitingForPrimaryHost,

    /// <summary>Births published: data flows.</summary>
    Online,
}

/// <summary>
/// The station as a Sparkplug B edge node, each camera a device: the state machine and the payloads, without a
/// connection. The connection calls <see cref="StartSession"/> before each CONNECT (registering the returned NDEATH as
/// the will), <see cref="OnConnected"/> once subscribed to <see cref="Subscriptions"/>, <see cref="OnMessage(string, ReadOnlySpan{byte})"/>
/// for each message received on them, <see cref="OnDisconnected"/> when the session is lost and <see cref="Stop"/> on a
/// clean stop; the pipeline's results go to <see cref="OnResult"/>. Each call returns what to publish.
/// </summary>
/// <remarks>
/// Every message carries the node-wide <c>seq</c> (NBIRTH 0, then +1 per message, 255 wrapping to 0), so the messages
/// must reach the broker in the order they were returned: publish each outcome's messages in order, and outcomes in the
/// order the calls returned (one publishing queue). Calls may come from any thread; they are serialised inside.
/// <para>
/// Sparkplug needs an MQTT connection of its own: the NDEATH must be that connection's will (the EdgeVision topics use
/// the retained <c>offline</c> status as theirs, and a connection has one will), and Sparkplug requires a clean session
/// (MQTT 3.1.1 clean session / MQTT 5 clean start) on every CONNECT.
/// </para>
/// </remarks>
public sealed partial class SparkplugNode
{
    private readonly Lock _gate = new();
    private readonly SparkplugSettings _settings;
    private readonly IBdSeqStore _bdSeqStore;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly string _station;
    private readonly string _version;
    private readonly List<CameraState> _cameras = [];
    private int _bdSeq = -1;
    private int _nextSeq;
    private bool _connected;
    private bool _hostOnline;
    private long _lastStateTimestamp = long.MinValue;
    private long _resultsNotPublished;
    private long _measurementsNotDeclared;
    private long _rejectedMessages;

    /// <summary>
    /// Creates the edge node for station <paramref name="station"/> running EdgeVision <paramref name="version"/>; throws
    /// <see cref="ArgumentException"/> listing every problem when the settings cannot make valid topics.
    /// </summary>
    public SparkplugNode(SparkplugSettings settings, string station, string version, IBdSeqStore bdSeqStore, TimeProvider? time = null, Action<string>? log = null)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        ArgumentException.ThrowIfNullOrEmpty(station);
        ArgumentNullException.ThrowIfNull(version);
        var problems = settings.Validate(station);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        _bdSeqStore = bdSeqStore ?? throw new ArgumentNullException(nameof(bdSeqStore));
        _time = time ?? TimeProvider.System;
        _log = log ?? (_ => { });
        _station = station;
        _version = version;
        Topics = new SparkplugTopics(settings.GroupId, settings.EdgeNodeIdFor(station));
        Subscriptions = settings.PrimaryHostId is { } host
            ? [Topics.NodeCommand, Topics.DeviceCommandFilter, SparkplugTopics.State(host)]
            : [Topics.NodeCommand, Topics.DeviceCommandFilter];
    }

    /// <summary>The topics of this node.</summary>
    public SparkplugTopics Topics { get; }

    /// <summary>The topic filters to subscribe to (QoS 1) right after connecting, before calling <see cref="OnConnected"/>.</summary>
    public IReadOnlyList<string> Subscriptions { get; }

    /// <summary>Where the node is in its session.</summary>
    public SparkplugNodeState State
    {
        get
        {
            lock (_gate)
            {
                return StateUnlocked;
            }
        }
    }

    /// <summary>The bdSeq of the current (or last) session, or -1 before the first.</summary>
    public int BdSeq
    {
        get
        {
            lock (_gate)
            {
                return _bdSeq;
            }
        }
    }

    /// <summary>Results that produced no DDATA because the node was not online (their counters still reach the next birth).</summary>
    public long ResultsNotPublished => Interlocked.Read(ref _resultsNotPublished);

    /// <summary>Measurement values left out of DDATA because their camera's birth did not declare them (or the camera is unknown).</summary>
    public long MeasurementsNotDeclared => Interlocked.Read(ref _measurementsNotDeclared);

    /// <summary>Inbound messages rejected (malformed, unknown metric, unsupported command).</summary>
    public long RejectedMessages => Interlocked.Read(ref _rejectedMessages);

    private SparkplugNodeState StateUnlocked { get; set; } = SparkplugNodeState.Disconnected;

    /// <summary>
    /// Begins a new MQTT session: takes the next bdSeq (0 the very first time, then +1 per CONNECT, 255 wrapping to 0),
    /// saves it, and returns the NDEATH to register as the CONNECT's will (QoS 1, not retained).
    /// </summary>
    public SparkplugMessage StartSession()
    {
        lock (_gate)
        {
            var previous = _bdSeq;
            if (previous < 0)
            {
                try
                {
                    previous = _bdSeqStore.Load() ?? -1;
                }
                catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    _log($"Sparkplug: {e.Message} Starting again at bdSeq 0.");
                    previous = -1;
                }
            }

            _bdSeq = (previous + 1) & 0xFF;
            try
            {
                _bdSeqStore.Save(_bdSeq);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log($"Sparkplug: could not save bdSeq {_bdSeq} ({e.Message}); after a restart the node may repeat a bdSeq.");
            }

            _connected = false;
            _hostOnline = false;
            StateUnlocked = SparkplugNodeState.Disconnected;
            return DeathUnlocked();
        }
    }

    /// <summary>
    /// The session is up and subscribed: returns the birth sequence (NBIRTH, then a DBIRTH per camera), or nothing while a
    /// configured primary host has not said it is online.
    /// </summary>
    public SparkplugOutcome OnConnected()
    {
        lock (_gate)
        {
            if (_bdSeq < 0)
            {
                throw new InvalidOperationException("Call StartSession (and register its NDEATH as the will) before connecting.");
            }

            _connected = true;
            if (_settings.PrimaryHostId is not null && !_hostOnline)
            {
                StateUnlocked = SparkplugNodeState.WaitingForPrimaryHost;
                _log($"Sparkplug: births held until primary host '{_settings.PrimaryHostId}' is online.");
                return SparkplugOutcome.None;
            }

            return BirthUnlocked();
        }
    }

    /// <summary>The session was lost: nothing is published until the next <see cref="StartSession"/> and <see cref="OnConnected"/>.</summary>
    public void OnDisconnected()
    {
        lock (_gate)
        {
            _connected = false;
            StateUnlocked = SparkplugNodeState.Disconnected;
        }
    }

    /// <summary>
    /// A clean stop: returns the NDEATH to publish just before the DISCONNECT (so hosts learn at once rather than when
    /// the will fires), or null when there is no session.
    /// </summary>
    public SparkplugMessage? Stop()
    {
        lock (_gate)
        {
            var connected = _connected;
            _connected = false;
            StateUnlocked = SparkplugNodeState.Disconnected;
            return connected ? DeathUnlocked() : null;
        }
    }

    /// <summary>Publishes the whole birth sequence again (same bdSeq, seq from 0) when online; nothing otherwise.</summary>
    public SparkplugOutcome Rebirth()
    {
        lock (_gate)
        {
            return StateUnlocked == SparkplugNodeState.Online ? BirthUnlocked() : SparkplugOutcome.None;
        }
    }

    /// <summary>Handles a message received on one of <see cref="Subscriptions"/> (MQTTnet hands payloads over as a sequence).</summary>
    public SparkplugOutcome OnMessage(string topic, ReadOnlySequence<byte> payload) =>
        payload.IsSingleSegment ? OnMessage(topic, payload.FirstSpan) : OnMessage(topic, payload.ToArray());

    private static byte[] Serialize(Payload payload) => payload.ToByteArray();

    private int TakeSeq()
    {
        var seq = _nextSeq;
        _nextSeq = (_nextSeq + 1) & 0xFF;
        return seq;
    }

    private static SparkplugMessage Message(string topic, Payload payload) =>
        new(topic, Serialize(payload), MqttQualityOfServiceLevel.AtMostOnce, Retain: false);

    private ulong Now() => SparkplugMetrics.Millis(_time.GetUtcNow());

    private SparkplugOutcome Reject(string error)
    {
        Interlocked.Increment(ref _rejectedMessages);
        _log($"Sparkplug: {error}");
        return SparkplugOutcome.Rejected(error);
    }
}
