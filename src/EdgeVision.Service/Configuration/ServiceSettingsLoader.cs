using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeVision.Acquisition.Synthetic;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt;
using EdgeVision.Vision;

namespace EdgeVision.Service.Configuration;

/// <summary>
/// Reads <c>edgevision.json</c>: every key is checked for name, type and range, recipes are loaded and validated,
/// and all problems are reported together with their key paths. Nothing starts from a half-valid file.
/// </summary>
public static partial class ServiceSettingsLoader
{
    /// <summary>Loads and validates the file; throws <see cref="SettingsException"/> listing every problem.</summary>
    public static ServiceSettings Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException(path, [$"configuration file cannot be read: {e.Message}"]);
        }

        var errors = new SettingsErrors();
        var settings = Parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!, errors);
        if (!errors.IsEmpty || settings is null)
        {
            throw new SettingsException(path, errors.All);
        }

        return settings with { SourcePath = Path.GetFullPath(path) };
    }

    /// <summary>Parses configuration JSON; relative paths (recipes, <c>dataDirectory</c>, MQTT password and TLS files) resolve against <paramref name="baseDirectory"/>.</summary>
    public static ServiceSettings? Parse(string json, string baseDirectory, SettingsErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            errors.Add("(configuration)", $"not valid JSON: {e.Message}");
            return null;
        }

        using (document)
        {
            var root = new JsonSection(document.RootElement, string.Empty, errors);
            var device = root.Text("device", "station-1")!;
            CheckName(root, "device", device);
            var cameras = ReadCameras(root, baseDirectory);
            var gpio = ReadGpio(root.Section("gpio"), LinesElement(document.RootElement));
            gpio = ResolveRecipeCodes(gpio, baseDirectory, errors);
            var mqtt = ReadMqtt(root.Section("mqtt"), device, baseDirectory);
            var dataDirectory = ReadDataDirectory(root, baseDirectory);
            var web = ReadWeb(root.Section("web"));
            var systemd = ReadSystemd(root.Section("systemd"));
            root.RejectUnknownKeys();
            return new ServiceSettings { Device = device, Cameras = cameras, Gpio = gpio, Mqtt = mqtt, Web = web, Systemd = systemd, DataDirectory = dataDirectory };
        }
    }

    /// <summary>Resolves and validates the recipes that GPIO codes select (every one is loaded now, so a bad one stops start-up).</summary>
    private static GpioSettings ResolveRecipeCodes(GpioSettings gpio, string baseDirectory, SettingsErrors errors)
    {
        if (gpio.RecipeCodes.Count == 0)
        {
            return gpio;
        }

        var resolved = new Dictionary<int, string>();
        foreach (var (code, path) in gpio.RecipeCodes)
        {
            var full = Path.GetFullPath(path, baseDirectory);
            try
            {
                RecipeLoader.Load(full);
                resolved[code] = full;
            }
            catch (SettingsException e)
            {
                foreach (var error in e.Errors)
                {
                    errors.Add($"gpio.recipeSelect (code {code})", $"{full}: {error}");
                }
            }
        }

        return gpio with { RecipeCodes = resolved };
    }

    private static List<CameraSettings> ReadCameras(JsonSection root, string baseDirectory)
    {
        var cameras = new List<CameraSettings>();
        var sections = root.Sections("cameras", required: true);
        if (root.Has("cameras") && sections.Count == 0)
        {
            root.Errors.Add(root.PathOf("cameras"), "needs at least one camera");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in sections)
        {
            var name = s.Text("name", "cam1", required: true)!;
            CheckName(s, "name", name);
            if (!names.Add(name))
            {
                s.Errors.Add(s.PathOf("name"), $"'{name}' is used by another camera");
            }

            var source = s.Choice("source", "synthetic", "synthetic", "replay");
            var synthetic = ReadSynthetic(s.Section("synthetic"));
            var replay = ReadReplay(s, source == "replay", baseDirectory);
            var recipePath = s.Text("recipe", null, required: true);
            var ring = s.WholeNumber("ringCapacity", 4, 1, 64);
            var watch = s.Bool("watchRecipe", true);
            var trigger = new TriggerSettings(false, TimeSpan.Zero);
            if (s.Section("trigger") is { } t)
            {
                trigger = new TriggerSettings(t.Choice("mode", "free", "free", "triggered") == "triggered", TimeSpan.FromMilliseconds(t.Number("delayMs", 0, 0, 10_000)));
                t.RejectUnknownKeys();
            }

            s.RejectUnknownKeys();
            var recipe = LoadRecipe(s, recipePath, baseDirectory, out var fullPath);
            if (recipe is not null)
            {
                cameras.Add(new CameraSettings(name, source, synthetic, fullPath, recipe, ring) { WatchRecipe = watch, Trigger = trigger, Replay = ReplayFor(replay, recipe) });
            }
        }

        return cameras;
    }

    private static Recipe? LoadRecipe(JsonSection camera, string? recipePath, string baseDirectory, out string fullPath)
    {
        fullPath = string.Empty;
        if (string.IsNullOrEmpty(recipePath))
        {
            return null;
        }

        fullPath = Path.GetFullPath(recipePath, baseDirectory);
        if (!File.Exists(fullPath))
        {
            camera.Errors.Add(camera.PathOf("recipe"), $"recipe file '{fullPath}' does not exist");
            return null;
        }

        try
        {
            return RecipeLoader.Load(fullPath);
        }
        catch (SettingsException e)
        {
            foreach (var error in e.Errors)
            {
                camera.Errors.Add(camera.PathOf("recipe"), $"{fullPath}: {error}");
            }

            return null;
        }
    }

    private static SyntheticConveyorOptions ReadSynthetic(JsonSection? s)
    {
        var d = new SyntheticConveyorOptions();
        if (s is null)
        {
            return d;
        }

        var bayerText = s.Choice("bayer", "RGGB", "RGGB", "BGGR", "GRBG", "GBRG");
        var bayer = PixelFormats.TryParse(bayerText, out var parsed) ? parsed : PixelFormat.BayerRggb8;
        var options = d with
        {
            Width = s.WholeNumber("width", d.Width, 640, 8192),
            Height = s.WholeNumber("height", d.Height, 480, 8192),
            FramesPerSecond = s.Number("fps", d.FramesPerSecond, 0, 1000),
            Seed = (ulong)s.Number("seed", d.Seed, 0, 9_007_199_254_740_991), // integers up to 2^53 - 1 survive JSON doubles
            DefectRate = s.Number("defectRate", d.DefectRate, 0, 1),
            Noise = s.Number("noise", d.Noise, 0, 50),
            Format = bayer,
        };
        s.RejectUnknownKeys();
        return options;
    }

    /// <summary>Reads <c>dataDirectory</c>, resolved against the configuration's folder; null when absent (see <see cref="ServiceSettings.ResolveDataDirectory"/>).</summary>
    private static string? ReadDataDirectory(JsonSection root, string baseDirectory)
    {
        if (InputFile(root, "dataDirectory", baseDirectory) is not { } path)
        {
            return null;
        }

        if (File.Exists(path))
        {
            root.Errors.Add(root.PathOf("dataDirectory"), $"'{path}' is a file, not a folder");
        }

        return path;
    }

    private static WebSettings ReadWeb(JsonSection? s)
    {
        if (s is null)
        {
            return new WebSettings(true, "http://127.0.0.1:8080");
        }

        var listen = s.Text("listen", "http://127.0.0.1:8080")!;
        if (!Uri.TryCreate(listen, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            s.Errors.Add(s.PathOf("listen"), $"'{listen}' is not an http://host:port address");
        }

        var web = new WebSettings(s.Bool("enabled", true), listen);
        s.RejectUnknownKeys();
        return web;
    }

    private static SystemdSettings ReadSystemd(JsonSection? s)
    {
        if (s is null)
        {
            return new SystemdSettings(TimeSpan.FromSeconds(10));
        }

        var settings = new SystemdSettings(TimeSpan.FromSeconds(s.Number("watchdogStallSeconds", 10, 1, 3600)));
        s.RejectUnknownKeys();
        return settings;
    }

    private static void CheckName(JsonSection s, string key, string value)
    {
        if (!NamePattern().IsMatch(value))
        {
            s.Errors.Add(s.PathOf(key), $"'{value}' must be 1-64 letters, digits, '-' or '_' (it is used in MQTT topics)");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex NamePattern();
}
