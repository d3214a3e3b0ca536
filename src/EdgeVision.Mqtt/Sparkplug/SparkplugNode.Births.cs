using EdgeVision.Mqtt.Sparkplug.Protobuf;
using MQTTnet.Protocol;
using M = EdgeVision.Mqtt.Sparkplug.SparkplugMetrics;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>Births and deaths: NBIRTH, DBIRTH per camera, NDEATH (the will) and DDEATH.</summary>
public sealed partial class SparkplugNode
{
    /// <summary>
    /// Declares the cameras (devices) and their measurements; throws <see cref="ArgumentException"/> naming the problem
    /// for an invalid or repeated camera or measurement name. When online, returns a DDEATH for each camera removed and,
    /// when the set of metrics changed, the whole birth sequence again (a device's birth must declare every metric it
    /// will publish); a change of recipe alone is published as DDATA.
    /// </summary>
    public SparkplugOutcome SetCameras(IEnumerable<SparkplugCamera> cameras)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        var list = cameras.ToList();
        Validate(list);
        lock (_gate)
        {
            var online = StateUnlocked == SparkplugNodeState.Online;
            var messages = new List<SparkplugMessage>();
            var now = Now();
            foreach (var gone in _cameras.Where(c => list.All(n => n.Name != c.Definition.Name)))
            {
                if (online)
                {
                    messages.Add(DeviceDeathUnlocked(gone.Definition.Name, now));
                }
            }

            // A camera removed needs only its DDEATH; one added, or one whose measurements changed, needs a new birth.
            var metricsChanged = list.Exists(n => _cameras.Find(c => c.Definition.Name == n.Name) is not { } old || !old.Definition.SameMetrics(n));
            var next = new List<CameraState>(list.Count);
            var recipeChanged = new List<CameraState>();
            foreach (var definition in list)
            {
                var state = _cameras.Find(c => c.Definition.Name == definition.Name) ?? new CameraState(definition);
                if (state.Redefine(definition))
                {
                    recipeChanged.Add(state);
                }

                next.Add(state);
            }

            _cameras.Clear();
            _cameras.AddRange(next);
            if (!online || metricsChanged)
            {
                // Aliases stay as they are while a session goes on without a new birth (hosts know them from the last one).
                AssignAliases();
            }

            if (online && metricsChanged)
            {
                messages.AddRange(BirthUnlocked().Messages);
            }
            else if (online)
            {
                foreach (var camera in recipeChanged)
                {
                    var payload = camera.RecipeData(now);
                    payload.Seq = (ulong)TakeSeq();
                    messages.Add(Message(Topics.DeviceData(camera.Definition.Name), payload));
                }
            }

            return new SparkplugOutcome(messages);
        }
    }

    private static void Validate(List<SparkplugCamera> cameras)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var camera in cameras)
        {
            ArgumentNullException.ThrowIfNull(camera, nameof(cameras));
            if (SparkplugSettings.ProblemWithId(camera.Name) is { } problem)
            {
                throw new ArgumentException($"Camera name {problem}: it cannot be a Sparkplug device id.", nameof(cameras));
            }

            if (!names.Add(camera.Name))
            {
                throw new ArgumentException($"Camera '{camera.Name}' is listed twice.", nameof(cameras));
            }

            var measurements = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in camera.Measurements)
            {
                if (string.IsNullOrEmpty(m.Name) || !measurements.Add(m.Name))
                {
                    throw new ArgumentException($"Camera '{camera.Name}' declares measurement '{m.Name}' empty or twice.", nameof(cameras));
                }
            }
        }
    }

    private void AssignAliases()
    {
        // Aliases must be unique across the whole edge node: each camera numbers its metrics after the previous one's.
        var next = M.FirstDeviceAlias;
        foreach (var camera in _cameras)
        {
            next = camera.AssignAliases(next);
        }
    }

    /// <summary>NBIRTH (seq 0, this session's bdSeq) then one DBIRTH per camera; the node is online afterwards.</summary>
    private SparkplugOutcome BirthUnlocked()
    {
        var now = Now();
        _nextSeq = 0;
        var birth = new Payload { Timestamp = now, Seq = (ulong)TakeSeq() };
        birth.Metrics.Add(M.Int64(M.BdSeq, M.BdSeqAlias, now, _bdSeq));
        birth.Metrics.Add(M.Boolean(M.Rebirth, M.RebirthAlias, now, false));
        birth.Metrics.Add(M.Text("Properties/Software", M.SoftwareAlias, now, "EdgeVision"));
        birth.Metrics.Add(M.Text("Properties/Version", M.VersionAlias, now, _version));
        birth.Metrics.Add(M.Text("Properties/Station", M.StationAlias, now, _station));
        var messages = new List<SparkplugMessage>(1 + _cameras.Count) { Message(Topics.NodeBirth, birth) };
        foreach (var camera in _cameras)
        {
            var payload = camera.Birth(now);
            payload.Seq = (ulong)TakeSeq();
            messages.Add(Message(Topics.DeviceBirth(camera.Definition.Name), payload));
        }

        StateUnlocked = SparkplugNodeState.Online;
        _log($"Sparkplug: birth published (bdSeq {_bdSeq}, {_cameras.Count} camera(s)).");
        return new SparkplugOutcome(messages);
    }

    /// <summary>The NDEATH: only the bdSeq metric, no seq; QoS 1, not retained (as the will and as the clean-stop message).</summary>
    private SparkplugMessage DeathUnlocked()
    {
        var now = Now();
        var death = new Payload { Timestamp = now };
        death.Metrics.Add(M.Int64(M.BdSeq, alias: null, now, _bdSeq));
        return new SparkplugMessage(Topics.NodeDeath, Serialize(death), MqttQualityOfServiceLevel.AtLeastOnce, Retain: false);
    }

    private SparkplugMessage DeviceDeathUnlocked(string camera, ulong now) =>
        Message(Topics.DeviceDeath(camera), new Payload { Timestamp = now, Seq = (ulong)TakeSeq() });
}
