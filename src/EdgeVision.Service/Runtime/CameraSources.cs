using EdgeVision.Acquisition.Replay;
using EdgeVision.Acquisition.Sources;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Service.Configuration;

namespace EdgeVision.Service.Runtime;

/// <summary>Creates the frame source a camera's settings name: the synthetic conveyor or a replayed recording.</summary>
public static class CameraSources
{
    /// <summary>
    /// The source of <paramref name="camera"/>. A triggered camera's source runs unpaced: the camera runner takes one
    /// frame per trigger (the synthetic camera renders the next part, a replay the next image of its recording).
    /// </summary>
    public static IFrameSource Create(CameraSettings camera, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var triggered = camera.Trigger.Triggered;
        if (camera.Source == "replay")
        {
            var replay = camera.Replay ?? throw new ArgumentException($"Camera '{camera.Name}' has source replay but no replay settings.", nameof(camera));
            return new ReplayCamera(camera.Name, triggered ? replay with { FramesPerSecond = 0 } : replay, time);
        }

        return new SyntheticConveyorCamera(camera.Name, triggered ? camera.Synthetic with { FramesPerSecond = 0 } : camera.Synthetic, time);
    }
}
