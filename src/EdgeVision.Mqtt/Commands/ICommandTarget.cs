namespace EdgeVision.Mqtt.Commands;

/// <summary>
/// What the station can be told to do. The <see cref="CommandProcessor"/> validates a command's body and calls one
/// of these; the station answers with an outcome, never by throwing for a refusal (an exception becomes an
/// <see cref="CommandErrorCodes.Internal"/> reply). A null <c>camera</c> means the whole station.
/// </summary>
public interface ICommandTarget
{
    /// <summary>Triggers a part on <paramref name="camera"/>, or on every triggered camera when null.</summary>
    Task<CommandOutcome> TriggerAsync(string? camera, CancellationToken cancellationToken);

    /// <summary>
    /// Switches <paramref name="camera"/> (every camera when null) to the recipe named <paramref name="recipe"/>;
    /// an unknown or invalid recipe leaves the current one running.
    /// </summary>
    Task<CommandOutcome> SelectRecipeAsync(string? camera, string recipe, CancellationToken cancellationToken);

    /// <summary>Lets <paramref name="camera"/> (the station and every camera when null) inspect again.</summary>
    Task<CommandOutcome> EnableAsync(string? camera, CancellationToken cancellationToken);

    /// <summary>Stops <paramref name="camera"/> (the station and every camera when null) from inspecting.</summary>
    Task<CommandOutcome> DisableAsync(string? camera, CancellationToken cancellationToken);

    /// <summary>Zeroes the production counters of <paramref name="camera"/> (every camera when null).</summary>
    Task<CommandOutcome> ResetCountersAsync(string? camera, CancellationToken cancellationToken);

    /// <summary>Reloads the recipe file in use by <paramref name="camera"/> (every camera when null).</summary>
    Task<CommandOutcome> ReloadAsync(string? camera, CancellationToken cancellationToken);
}
