using EdgeVision.Inspection.Pipeline;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Runtime;

/// <summary>What a reload attempt did.</summary>
public enum ReloadStatus
{
    /// <summary>The new recipe was validated and switched in at the next frame.</summary>
    Applied,

    /// <summary>The file's content is the recipe already in use.</summary>
    Unchanged,

    /// <summary>The file did not validate; the old recipe stays in use.</summary>
    Rejected,
}

/// <summary>The outcome of a reload: status, the recipe now in use, and the problems when rejected.</summary>
public sealed record ReloadOutcome(ReloadStatus Status, string Recipe, string Checksum, IReadOnlyList<string> Errors);

/// <summary>
/// Keeps a camera's recipe current: reloads it when its file changes (debounced, so an editor's
/// write-rename-delete dance yields one reload) or on command, validates it fully, and hands a new pipeline to the
/// camera, which switches at a frame boundary. A recipe that fails validation is logged and the old one keeps running.
/// </summary>
public sealed partial class RecipeReloader : IDisposable
{
    private readonly CameraRunner _runner;
    private readonly string _device;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private string _path;

    /// <summary>Watches <paramref name="path"/> for <paramref name="runner"/> when <paramref name="watch"/> is set.</summary>
    public RecipeReloader(CameraRunner runner, string device, string path, bool watch, ILogger logger)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _device = device;
        _path = Path.GetFullPath(path);
        _logger = logger;
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        if (watch)
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
                IncludeSubdirectories = false,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>The recipe file in use.</summary>
    public string RecipePath => Volatile.Read(ref _path);

    /// <summary>Reloads the current recipe file now.</summary>
    public ReloadOutcome Reload() => Switch(RecipePath, force: false);

    /// <summary>Validates <paramref name="path"/> and switches the camera to it (also when only the path changes).</summary>
    public ReloadOutcome Switch(string path, bool force = true)
    {
        lock (_gate)
        {
            var full = Path.GetFullPath(path);
            Recipe recipe;
            try
            {
                recipe = RecipeLoader.Load(full);
            }
            catch (SettingsException e)
            {
                LogRejected(_logger, _runner.Name, full, string.Join("; ", e.Errors));
                var current = _runner.Recipe;
                return new ReloadOutcome(ReloadStatus.Rejected, current.Name, current.Checksum, e.Errors);
            }

            var now = _runner.Recipe;
            if (!force && recipe.Checksum == now.Checksum && full == RecipePath)
            {
                return new ReloadOutcome(ReloadStatus.Unchanged, now.Name, now.Checksum, []);
            }

            _runner.SwitchPipeline(new InspectionPipeline(recipe, _device, _runner.Name));
            Volatile.Write(ref _path, full);
            LogApplied(_logger, _runner.Name, recipe.Name, recipe.Checksum);
            return new ReloadOutcome(ReloadStatus.Applied, recipe.Name, recipe.Checksum, []);
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (string.Equals(Path.GetFullPath(e.FullPath), RecipePath, StringComparison.Ordinal))
        {
            _debounce.Change(300, Timeout.Infinite);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera}: recipe {Path} rejected, the previous recipe stays in use: {Errors}")]
    private static partial void LogRejected(ILogger logger, string camera, string path, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera}: recipe {Recipe} ({Checksum}) validated; switching at the next frame")]
    private static partial void LogApplied(ILogger logger, string camera, string recipe, string checksum);
}
