using EdgeVision.Inspection.Results;
using EdgeVision.Mqtt.Sparkplug;
using EdgeVision.Mqtt.Sparkplug.Protobuf;

namespace EdgeVision.Mqtt.Tests.Sparkplug;

/// <summary>An edge node on a stepped clock with its bdSeq in a temp file, and helpers that decode what it returns.</summary>
internal sealed class SparkplugFixture : IDisposable
{
    public SparkplugFixture(SparkplugSettings? settings = null, string? folder = null)
    {
        Folder = folder ?? Directory.CreateTempSubdirectory("edgevision-sparkplug-").FullName;
        Settings = settings ?? new SparkplugSettings { Enabled = true, GroupId = "Line 4" };
        Clock.Advance(TimeSpan.FromDays(20_000));
        Node = NewNode();
    }

    public string Folder { get; }

    public SparkplugSettings Settings { get; }

    public SteppedTimeProvider Clock { get; } = new();

    public List<string> Log { get; } = [];

    public SparkplugNode Node { get; private set; }

    public string BdSeqPath => Path.Combine(Folder, "bdseq.txt");

    public static SparkplugCamera Cam1 { get; } = new("cam1", "demo", "sha256:aa", [new("width", "mm"), new("holes", "count")]);

    public static SparkplugCamera Cam2 { get; } = new("cam2", "label", "sha256:bb", []);

    public SparkplugNode NewNode()
    {
        Node = new SparkplugNode(Settings, "station-1", "1.2.3", new FileBdSeqStore(BdSeqPath), Clock, Log.Add);
        Node.SetCameras([Cam1, Cam2]);
        return Node;
    }

    public static Payload Decode(SparkplugMessage message) => Payload.Parser.ParseFrom(message.Payload);

    public static Payload.Types.Metric Metric(Payload payload, string name) => payload.Metrics.Single(m => m.Name == name);

    public static long BdSeqOf(Payload payload) => (long)Metric(payload, "bdSeq").LongValue;

    /// <summary>Connects the node (will, then births when no primary host holds them) and returns the births.</summary>
    public (SparkplugMessage Will, IReadOnlyList<SparkplugMessage> Births) Connect()
    {
        var will = Node.StartSession();
        return (will, Node.OnConnected().Messages);
    }

    public static InspectionResult Result(string camera, long seq, Verdict verdict = Verdict.Pass, double width = 12.5, double holes = 4) => new()
    {
        Device = "station-1",
        Camera = camera,
        Sequence = seq,
        FrameSequence = seq,
        CaptureTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + seq),
        CompletedTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_010 + seq),
        Recipe = camera == "cam1" ? "demo" : "label",
        RecipeChecksum = camera == "cam1" ? "sha256:aa" : "sha256:bb",
        Verdict = verdict,
        Reasons = verdict == Verdict.Pass ? [] : ["WIDTH_LOW"],
        Pose = new PoseResult(true, 1, 2, 3),
        Measurements = camera == "cam1"
            ? [new MeasurementResult("width", width, "mm", 12.5, 0.2, 0.2, verdict == Verdict.Pass), new MeasurementResult("holes", holes, "count", 4, 0, 0, true)]
            : [],
        Defects = [],
        Timings = [new StageTiming("preprocess", 3.25), new StageTiming("recipe", 5.5)],
    };

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
