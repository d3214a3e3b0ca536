using EdgeVision.Inspection.Results;

namespace EdgeVision.Mqtt.Sparkplug;

/// <summary>Data: a DDATA per inspection result, and counter changes.</summary>
public sealed partial class SparkplugNode
{
    private readonly HashSet<string> _reportedUndeclared = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes a result of a declared camera: updates its counters and current values and, when online, returns its DDATA
    /// (metrics by alias, timestamped with the result's completion time: sequence, cycle time, total, pass or fail, and
    /// what changed among verdict, reasons, yield and recipe, plus each declared measurement). A
    /// <paramref name="historical"/> result (delivered late from a backlog) is sent with every metric flagged historical
    /// and changes no current value or counter. Results of unknown cameras, and results while the node is not online,
    /// produce nothing and are counted in <see cref="ResultsNotPublished"/>.
    /// </summary>
    public SparkplugOutcome OnResult(InspectionResult result, bool historical = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            var camera = _cameras.Find(c => c.Definition.Name == result.Camera);
            if (camera is null)
            {
                Interlocked.Increment(ref _resultsNotPublished);
                Interlocked.Add(ref _measurementsNotDeclared, result.Measurements.Count);
                ReportOnce(result.Camera, $"Sparkplug: camera '{result.Camera}' was not declared (SetCameras); its results are not published.");
                return SparkplugOutcome.None;
            }

            var online = StateUnlocked == SparkplugNodeState.Online;
            var undeclared = new List<string>();
            var payload = camera.Data(result, historical, Now(), build: online, undeclared);
            if (undeclared.Count > 0)
            {
                Interlocked.Add(ref _measurementsNotDeclared, undeclared.Count);
                foreach (var name in undeclared)
                {
                    ReportOnce($"{result.Camera}\n{name}", $"Sparkplug: measurement '{name}' of camera '{result.Camera}' was not declared at birth; it is left out of DDATA.");
                }
            }

            if (payload is null)
            {
                Interlocked.Increment(ref _resultsNotPublished);
                return SparkplugOutcome.None;
            }

            payload.Seq = (ulong)TakeSeq();
            return new SparkplugOutcome([Message(Topics.DeviceData(result.Camera), payload)]);
        }
    }

    /// <summary>
    /// Sets a camera's pass and fail counters (a reset to zero, or counts restored at start-up); when online, returns the
    /// DDATA of the counters that changed. An unknown camera or a negative count is refused with an error, not thrown.
    /// </summary>
    public SparkplugOutcome SetCounters(string camera, long pass, long fail)
    {
        lock (_gate)
        {
            var state = _cameras.Find(c => c.Definition.Name == camera);
            if (state is null)
            {
                return SparkplugOutcome.Rejected($"Camera '{camera}' was not declared; its counters cannot be set.");
            }

            if (pass < 0 || fail < 0)
            {
                return SparkplugOutcome.Rejected($"Counters of camera '{camera}' cannot be negative (pass {pass}, fail {fail}).");
            }

            var payload = state.SetCounters(pass, fail, Now());
            if (payload is null || StateUnlocked != SparkplugNodeState.Online)
            {
                return SparkplugOutcome.None;
            }

            payload.Seq = (ulong)TakeSeq();
            return new SparkplugOutcome([Message(Topics.DeviceData(camera), payload)]);
        }
    }

    private void ReportOnce(string key, string message)
    {
        if (_reportedUndeclared.Add(key))
        {
            _log(message);
        }
    }
}
