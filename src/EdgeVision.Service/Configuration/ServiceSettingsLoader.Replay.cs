using EdgeVision.Acquisition.Replay;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision;

namespace EdgeVision.Service.Configuration;

public static partial class ServiceSettingsLoader
{
    /// <summary>
    /// Reads <c>cameras[].replay</c> (<c>path</c>, <c>fps</c>, <c>loop</c>). When the camera's source is <c>replay</c>, the
    /// section is required and the recording is opened now (its first image decoded), so a wrong path or an empty
    /// folder stops start-up with the key's path instead of failing in the acquisition thread.
    /// </summary>
    private static ReplayCameraOptions? ReadReplay(JsonSection camera, bool used, string baseDirectory)
    {
        var s = camera.Section("replay");
        if (s is null)
        {
            if (used)
            {
                camera.Errors.Add(camera.PathOf("replay"), "source 'replay' needs a replay section: { \"path\": folder of images or video file, \"fps\", \"loop\" }");
            }

            return null;
        }

        var path = s.Text("path", null, required: true);
        var fps = s.Number("fps", 10, 0, 1000);
        var loop = s.Bool("loop", true);
        s.RejectUnknownKeys();
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var full = Path.GetFullPath(path, baseDirectory);
        if (used && ProblemWith(full) is { } problem)
        {
            s.Errors.Add(s.PathOf("path"), problem);
            return null;
        }

        return new ReplayCameraOptions { Path = full, FramesPerSecond = fps, Loop = loop };
    }

    private static string? ProblemWith(string recording)
    {
        try
        {
            ReplayCamera.Describe(recording);
            return null;
        }
        catch (FileNotFoundException)
        {
            return $"'{recording}' is neither a folder nor a file";
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or OpenCvSharp.OpenCVException)
        {
            return $"'{recording}': {e.Message}";
        }
    }

    /// <summary>1-channel images of a recording are read as the recipe's Bayer order when it debayers, else as mono (as offline replay does).</summary>
    private static ReplayCameraOptions? ReplayFor(ReplayCameraOptions? replay, Recipe recipe) =>
        replay is null ? null : replay with { SingleChannelFormat = recipe.Preprocess.Bayer.IsBayer() ? recipe.Preprocess.Bayer : PixelFormat.Mono8 };
}
