using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EdgeVision.Mqtt.Commands;

namespace EdgeVision.Mqtt.Tests.Commands;

/// <summary>
/// A small station of our own for the processor tests: it knows the cameras it was given, records every call, and
/// answers like the service does (unknown camera refused, otherwise ok with what was done).
/// </summary>
internal sealed class RecordingTarget(params string[] cameras) : ICommandTarget
{
    public ConcurrentQueue<(string Verb, string? Camera, string? Recipe)> Calls { get; } = new();

    /// <summary>When set, every call throws this.</summary>
    public Exception? Throw { get; set; }

    public Task<CommandOutcome> TriggerAsync(string? camera, CancellationToken cancellationToken) => Answer(CommandVerbs.Trigger, camera, null);

    public Task<CommandOutcome> SelectRecipeAsync(string? camera, string recipe, CancellationToken cancellationToken) => Answer(CommandVerbs.Recipe, camera, recipe);

    public Task<CommandOutcome> EnableAsync(string? camera, CancellationToken cancellationToken) => Answer(CommandVerbs.Enable, camera, null);

    public Task<CommandOutcome> DisableAsync(string? camera, CancellationToken cancellationToken) => Answer(CommandVerbs.Disable, camera, null);

    public Task<CommandOutcome> ResetCountersAsync(string? camera, CancellationToken cancellationToken) => Answer(CommandVerbs.ResetCounters, camera, null);

    public Task<CommandOutcome> ReloadAsync(string? camera, CancellationToken cancellationToken) => Answer(CommandVerbs.Reload, camera, null);

    private Task<CommandOutcome> Answer(string verb, string? camera, string? recipe)
    {
        Calls.Enqueue((verb, camera, recipe));
        if (Throw is not null)
        {
            throw Throw;
        }

        if (camera is not null && !cameras.Contains(camera))
        {
            return Task.FromResult(CommandOutcome.Failure(CommandErrorCodes.UnknownCamera, $"no camera '{camera}'; cameras: {string.Join(", ", cameras)}"));
        }

        if (recipe == "broken")
        {
            return Task.FromResult(CommandOutcome.Failure(CommandErrorCodes.InvalidRecipe, "recipe 'broken' does not validate", ["tools[0].type: unknown tool 'x'"]));
        }

        var result = new JsonObject { ["done"] = verb };
        if (camera is not null)
        {
            result["camera"] = camera;
        }

        if (recipe is not null)
        {
            result["recipe"] = recipe;
        }

        return Task.FromResult(CommandOutcome.Success(result));
    }
}
