using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Connection;
using MQTTnet.Protocol;

namespace EdgeVision.Mqtt.Tests.Station;

/// <summary>A message as a subscriber saw it.</summary>
internal sealed record Seen(string Topic, byte[] Payload, bool Retained, IReadOnlyList<KeyValuePair<string, string>> Properties)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public JsonElement Json => JsonDocument.Parse(Payload).RootElement;

    public string? Property(string name) => Properties.FirstOrDefault(p => p.Key == name).Value;
}

/// <summary>
/// An independent subscriber on our own reconnecting connection with a persistent session, so that it keeps receiving
/// across a broker restart (the broker keeps its session and queued messages with persistence on).
/// </summary>
internal sealed class Subscriber : IAsyncDisposable
{
    private readonly ConcurrentQueue<Seen> _seen = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly MqttConnection _connection;

    private Subscriber(MqttConnection connection) => _connection = connection;

    public IReadOnlyList<Seen> Messages => [.. _seen];

    public MqttConnection Connection => _connection;

    public static async Task<Subscriber> StartAsync(int port, string filter, string clientId = "observer", MqttProtocol protocol = MqttProtocol.V5)
    {
        var connection = new MqttConnection(new MqttConnectionSettings
        {
            Port = port,
            ClientId = clientId,
            CleanSession = false,
            ProtocolVersion = protocol,
            MinReconnectDelay = TimeSpan.FromMilliseconds(20),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            InboundCapacity = 1_000_000, // an observer must not drop what it is there to count
        });
        var subscriber = new Subscriber(connection);
        connection.AddSubscription(filter, MqttQualityOfServiceLevel.AtLeastOnce, (m, _) =>
        {
            subscriber._seen.Enqueue(new Seen(m.Topic, m.Payload.ToArray(), m.Retained, m.UserProperties));
            subscriber._arrived.Release();
            return Task.CompletedTask;
        });
        connection.Start();
        await Harness.WaitUntilAsync(() => connection.IsConnected, "the observer to connect");
        return subscriber;
    }

    public async Task<IReadOnlyList<Seen>> WaitForAsync(Func<IReadOnlyList<Seen>, bool> condition, string what, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        while (!condition(Messages))
        {
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}; {_seen.Count} message(s) seen, {_connection.InboundDropped} dropped by the observer.");
            }
        }

        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _arrived.Dispose();
    }
}

/// <summary>Results, settings and waits for the station tests.</summary>
internal static class Harness
{
    public static MqttSettings Settings(int port) => new()
    {
        BrokerHost = "127.0.0.1",
        Port = port,
        Device = "station-1",
        MinReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
        StatsInterval = TimeSpan.FromMilliseconds(300),
    };

    public static MqttStationContext Context(string dataDirectory, Action<string>? log = null) => new()
    {
        Version = "9.8.7",
        DataDirectory = dataDirectory,
        Cameras = () => [new CameraStatus("cam1", "demo", "sha256:abc") { Measurements = [("width.width", "px")] }],
        Log = log ?? (_ => { }),
    };

    public static InspectionResult Result(long seq, Verdict verdict = Verdict.Pass, double ms = 10) => new()
    {
        Device = "station-1",
        Camera = "cam1",
        Sequence = seq,
        FrameSequence = seq,
        CaptureTime = DateTimeOffset.UnixEpoch.AddSeconds(seq),
        CompletedTime = DateTimeOffset.UnixEpoch.AddSeconds(seq),
        Recipe = "demo",
        RecipeChecksum = "sha256:abc",
        Verdict = verdict,
        Reasons = verdict == Verdict.Pass ? [] : ["WIDTH"],
        Pose = new PoseResult(true, 1, 2, 3),
        Measurements = [new MeasurementResult("width.width", 100 + (seq % 7), "px", 100, 5, 5, true)],
        Defects = [],
        Timings = [new StageTiming("Tools", ms)],
    };

    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {seconds} s waiting for {what}.");
            }

            await Task.Delay(20); // polling a condition, not a fixed wait for a result
        }
    }

    /// <summary>The results among <paramref name="seen"/>, first delivery of each msgSeq, in arrival order.</summary>
    public static List<Seen> FirstDeliveries(IReadOnlyList<Seen> seen, string topic)
    {
        var first = new List<Seen>();
        var numbers = new HashSet<long>();
        foreach (var m in seen)
        {
            if (m.Topic == topic && numbers.Add(m.Json.GetProperty("msgSeq").GetInt64()))
            {
                first.Add(m);
            }
        }

        return first;
    }

    public static long MsgSeq(Seen m) => m.Json.GetProperty("msgSeq").GetInt64();
}
