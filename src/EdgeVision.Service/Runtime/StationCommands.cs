using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Mqtt.Commands;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Service.Runtime;

/// <summary>
/// The station's side of the commands (MQTT <c>cmd/&lt;verb&gt;</c>, and any other channel that uses
/// <see cref="ICommandTarget"/>), carried out on a running <see cref="EdgeVisionRuntime"/>. Commands run one at a time.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>trigger</c>: a software trigger, as <c>POST …/trigger</c>: every enabled triggered camera takes the part,
/// through the station I/O (handshake, reject queue). A free-running camera refuses it (<c>not-triggered</c>).</item>
/// <item><c>recipe</c>: the name resolves to <c>&lt;name&gt;.json</c> in the folder of the camera's configured recipe
/// (<c>"demo-tools"</c> → <c>recipes/demo-tools.json</c>); it is validated in full first, and an invalid one is
/// refused with the loader's errors while the old recipe keeps running. The camera switches at its next frame. The
/// switch lasts until the next switch or a restart; the configuration file is not rewritten.</item>
/// <item><c>disable</c> of a camera: it captures no new frames and a triggered one takes no triggers; frames already
/// captured are still inspected and published. Results stop, status and stats go on, and the watchdog does not count a
/// disabled camera as stalled. <c>disable</c> without a camera disables every camera and the station: triggers (GPIO
/// and software) are refused and the handshake's ready goes low. <c>enable</c> undoes either; without a camera it
/// enables the station and every camera. The <c>enable</c> GPIO input, when wired, sets the station's state too:
/// whichever comes last wins.</item>
/// <item><c>reset-counters</c>: zeroes the pass/fail counters of <c>/api/stats</c> and the web page and replies with
/// their values before the reset; diagnostic counters (frames captured or dropped, MQTT, GPIO) are lifetime counts
/// and stay.</item>
/// <item><c>reload</c>: re-reads the recipe file in use, as <c>POST …/recipe/reload</c>.</item>
/// </list>
/// </remarks>
public sealed partial class StationCommands : ICommandTarget
{
    private readonly EdgeVisionRuntime _runtime;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    /// <summary>Commands for <paramref name="runtime"/> (started before the first command arrives).</summary>
    public StationCommands(EdgeVisionRuntime runtime, ILogger logger)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc/>
    public Task<CommandOutcome> TriggerAsync(string? camera, CancellationToken cancellationToken) => Run(() =>
    {
        if (!TryResolve(camera, out var runners, out var error))
        {
            return error;
        }

        var triggered = runners.Where(r => r.Triggers is not null).ToList();
        if (triggered.Count == 0)
        {
            return CommandOutcome.Failure(CommandErrorCodes.NotTriggered, camera is null
                ? "no camera is triggered; set cameras[].trigger.mode to \"triggered\""
                : $"camera '{camera}' free-runs; set cameras[].trigger.mode to \"triggered\" to trigger it");
        }

        var enabled = triggered.Where(r => r.Enabled).ToList();
        if (enabled.Count == 0)
        {
            return CommandOutcome.Failure(CommandErrorCodes.Disabled, camera is null
                ? "every triggered camera is disabled; send enable first"
                : $"camera '{camera}' is disabled; send enable first");
        }

        if (_runtime.Io is { Enabled: false })
        {
            return CommandOutcome.Failure(CommandErrorCodes.Disabled, "the station is disabled (disable command or the enable input); triggers are refused");
        }

        // One part for the station: the runtime fires every enabled triggered camera with the same id.
        var id = _runtime.Trigger(enabled[0].Name);
        if (id <= 0)
        {
            return CommandOutcome.Failure(CommandErrorCodes.Refused, "the station refused the trigger: the handshake is not ready or a camera's trigger queue is full");
        }

        var result = new JsonObject { ["trigger"] = id, ["cameras"] = Names(_runtime.Cameras.Where(r => r.Triggers is not null && r.Enabled)) };
        return CommandOutcome.Success(result);
    }, cancellationToken);

    /// <inheritdoc/>
    public Task<CommandOutcome> SelectRecipeAsync(string? camera, string recipe, CancellationToken cancellationToken) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var name = recipe.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? recipe[..^5] : recipe;
        if (!PlainName().IsMatch(name))
        {
            return CommandOutcome.Failure(CommandErrorCodes.InvalidValue, $"recipe '{recipe}' is not a plain name such as demo-tools (letters, digits, '.', '_', '-'; no folders)");
        }

        if (!TryResolve(camera, out var runners, out var error))
        {
            return error;
        }

        // Every file is found and validated before any camera switches: all switch or none.
        var files = new List<(CameraRunner Runner, RecipeReloader Reloader, string Path)>();
        foreach (var runner in runners)
        {
            var folder = Path.GetDirectoryName(ConfiguredRecipe(runner.Name))!;
            var path = Path.Combine(folder, name + ".json");
            if (!File.Exists(path))
            {
                return CommandOutcome.Failure(CommandErrorCodes.UnknownRecipe, $"no recipe '{name}' in {folder} (camera {runner.Name}); recipes there: {string.Join(", ", RecipesIn(folder))}");
            }

            try
            {
                RecipeLoader.Load(path);
            }
            catch (SettingsException e)
            {
                return InvalidRecipe(runner, path, e.Errors);
            }

            files.Add((runner, _runtime.ReloaderFor(runner.Name)!, path));
        }

        var switched = new JsonArray();
        foreach (var (runner, reloader, path) in files)
        {
            var outcome = reloader.Switch(path);
            if (outcome.Status == ReloadStatus.Rejected)
            {
                return InvalidRecipe(runner, path, outcome.Errors); // the file changed since it was checked
            }

            switched.Add(new JsonObject { ["camera"] = runner.Name, ["recipe"] = outcome.Recipe, ["checksum"] = outcome.Checksum, ["file"] = Path.GetFileName(path) });
            LogRecipeCommand(_logger, runner.Name, path);
        }

        return CommandOutcome.Success(new JsonObject { ["cameras"] = switched });
    }, cancellationToken);

    /// <inheritdoc/>
    public Task<CommandOutcome> EnableAsync(string? camera, CancellationToken cancellationToken) => Run(() => SetEnabled(camera, true), cancellationToken);

    /// <inheritdoc/>
    public Task<CommandOutcome> DisableAsync(string? camera, CancellationToken cancellationToken) => Run(() => SetEnabled(camera, false), cancellationToken);

    /// <inheritdoc/>
    public Task<CommandOutcome> ResetCountersAsync(string? camera, CancellationToken cancellationToken) => Run(() =>
    {
        if (!TryResolve(camera, out var runners, out var error))
        {
            return error;
        }

        var before = _runtime.LiveView.ResetCounters(camera);
        _runtime.Mqtt?.ResetCounters(camera);
        var cameras = new JsonArray();
        foreach (var runner in runners)
        {
            var (_, passed, failed) = before.FirstOrDefault(c => c.Camera == runner.Name);
            cameras.Add(new JsonObject { ["camera"] = runner.Name, ["passed"] = passed, ["failed"] = failed });
        }

        LogCountersReset(_logger, camera ?? "every camera");
        return CommandOutcome.Success(new JsonObject { ["cameras"] = cameras });
    }, cancellationToken);

    /// <inheritdoc/>
    public Task<CommandOutcome> ReloadAsync(string? camera, CancellationToken cancellationToken) => Run(() =>
    {
        if (!TryResolve(camera, out var runners, out var error))
        {
            return error;
        }

        var cameras = new JsonArray();
        foreach (var runner in runners)
        {
            var reloader = _runtime.ReloaderFor(runner.Name)!;
            var outcome = reloader.Reload();
            if (outcome.Status == ReloadStatus.Rejected)
            {
                return InvalidRecipe(runner, reloader.RecipePath, outcome.Errors);
            }

            cameras.Add(new JsonObject
            {
                ["camera"] = runner.Name,
                ["status"] = outcome.Status == ReloadStatus.Applied ? "applied" : "unchanged",
                ["recipe"] = outcome.Recipe,
                ["checksum"] = outcome.Checksum,
            });
        }

        return CommandOutcome.Success(new JsonObject { ["cameras"] = cameras });
    }, cancellationToken);

    private CommandOutcome SetEnabled(string? camera, bool enabled)
    {
        if (!TryResolve(camera, out var runners, out var error))
        {
            return error;
        }

        if (camera is null)
        {
            _runtime.Io?.SetEnabled(enabled);
        }

        var cameras = new JsonArray();
        foreach (var runner in runners)
        {
            runner.Enabled = enabled;
            cameras.Add(new JsonObject { ["camera"] = runner.Name, ["enabled"] = enabled });
        }

        LogEnabled(_logger, camera ?? "station and every camera", enabled ? "enabled" : "disabled");
        return CommandOutcome.Success(new JsonObject { ["station"] = _runtime.Io?.Enabled ?? enabled, ["cameras"] = cameras });
    }

    private Task<CommandOutcome> Run(Func<CommandOutcome> command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(command());
        }
    }

    private bool TryResolve(string? camera, out IReadOnlyList<CameraRunner> runners, out CommandOutcome error)
    {
        var all = _runtime.Cameras;
        error = CommandOutcome.Success();
        runners = camera is null ? all : all.Where(r => r.Name == camera).ToList();
        if (runners.Count > 0)
        {
            return true;
        }

        error = CommandOutcome.Failure(CommandErrorCodes.UnknownCamera, all.Count == 0
            ? "the station has no running cameras"
            : $"no camera '{camera}'; cameras: {string.Join(", ", all.Select(r => r.Name))}");
        return false;
    }

    private string ConfiguredRecipe(string camera) => _runtime.Settings.Cameras.First(c => c.Name == camera).RecipePath;

    private static CommandOutcome InvalidRecipe(CameraRunner runner, string path, IReadOnlyList<string> errors) =>
        CommandOutcome.Failure(
            CommandErrorCodes.InvalidRecipe,
            $"recipe {path} does not validate ({errors.Count} error(s)); camera {runner.Name} keeps recipe '{runner.Recipe.Name}'",
            errors);

    private static IEnumerable<string> RecipesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    private static JsonArray Names(IEnumerable<CameraRunner> runners) => [.. runners.Select(r => (JsonNode)r.Name)];

    // A file name in the recipes folder: no separators, no leading dot, so never a path out of it.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex PlainName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Command: camera {Camera} switching to recipe file {Path}")]
    private static partial void LogRecipeCommand(ILogger logger, string camera, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command: {Target} {State}")]
    private static partial void LogEnabled(ILogger logger, string target, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command: pass/fail counters of {Target} reset")]
    private static partial void LogCountersReset(ILogger logger, string target);
}
