using System.Text.Json.Nodes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Service.Cli;
using EdgeVision.Service.Configuration;
using EdgeVision.Vision;

namespace EdgeVision.Service.Tests.Configuration;

public sealed class ReplayCameraSettingsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void A_replay_camera_reads_its_recording_relative_to_the_configuration_with_its_rate_and_loop()
    {
        Assert.Equal(0, SynthesizeCommand.Run(Path.Combine(_dir.Path, "recording"), 2, seed: 1, defectRate: 0, TextWriter.Null));

        var (settings, errors) = Parse(camera => camera["replay"] = new JsonObject { ["path"] = "recording", ["fps"] = 2.5, ["loop"] = false });

        Assert.Empty(errors);
        var replay = settings!.Cameras[0].Replay!;
        Assert.Equal(("replay", Path.Combine(_dir.Path, "recording"), 2.5, false), (settings.Cameras[0].Source, replay.Path, replay.FramesPerSecond, replay.Loop));
        Assert.Equal(PixelFormat.BayerRggb8, replay.SingleChannelFormat); // 1-channel frames as the demo recipe's Bayer order
    }

    [Fact]
    public void A_replay_source_without_a_usable_recording_is_reported_with_its_key_path()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "empty"));

        var (_, noSection) = Parse(_ => { });
        var (_, missing) = Parse(camera => camera["replay"] = new JsonObject { ["path"] = "nowhere" });
        var (_, empty) = Parse(camera => camera["replay"] = new JsonObject { ["path"] = "empty", ["fsp"] = 5 });
        var (_, noPath) = Parse(camera => camera["replay"] = new JsonObject { ["fps"] = -1 });

        Assert.Equal(["cameras[0].replay: source 'replay' needs a replay section: { \"path\": folder of images or video file, \"fps\", \"loop\" }"], noSection);
        Assert.Equal([$"cameras[0].replay.path: '{Path.Combine(_dir.Path, "nowhere")}' is neither a folder nor a file"], missing);
        Assert.Equal(2, empty.Count);
        Assert.Contains(empty, e => e.StartsWith("cameras[0].replay.fsp: unknown key; did you mean 'fps'?", StringComparison.Ordinal));
        Assert.Contains(empty, e => e == $"cameras[0].replay.path: '{Path.Combine(_dir.Path, "empty")}': the folder holds no image files (.png, .jpg, .jpeg, .bmp, .tif, .tiff, .pgm, .ppm)");
        Assert.Equal(2, noPath.Count);
        Assert.Contains(noPath, e => e.StartsWith("cameras[0].replay.path: ", StringComparison.Ordinal));
        Assert.Contains(noPath, e => e.StartsWith("cameras[0].replay.fps: -1 is out of range [0, 1000]", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The shipped configuration with camera 0 a replay source, parsed as if the file were in the temp folder.</summary>
    private (ServiceSettings? Settings, IReadOnlyList<string> Errors) Parse(Action<JsonObject> editCamera)
    {
        var json = ShippedConfigJson.Load();
        var camera = ShippedConfigJson.Camera(json);
        camera["source"] = "replay";
        camera["recipe"] = RepositoryFiles.DemoRecipe;
        editCamera(camera);
        var errors = new SettingsErrors();
        var settings = ServiceSettingsLoader.Parse(json.ToJsonString(), _dir.Path, errors);
        return (settings, errors.All);
    }
}
