using System.Text.Json.Nodes;

namespace EdgeVision.Mqtt.Commands;

/// <summary>
/// What executing a command did: success with optional data for the reply's <c>result</c>, or an
/// <see cref="CommandError"/> for its <c>error</c>.
/// </summary>
public sealed record CommandOutcome
{
    private CommandOutcome(JsonObject? result, CommandError? error)
    {
        Result = result;
        Error = error;
    }

    /// <summary>True when the command was carried out.</summary>
    public bool Ok => Error is null;

    /// <summary>Data for the reply's <c>result</c> object (null writes an empty object).</summary>
    public JsonObject? Result { get; }

    /// <summary>Why the command was not carried out, or null when it was.</summary>
    public CommandError? Error { get; }

    /// <summary>A command carried out, with <paramref name="result"/> as the reply's <c>result</c>.</summary>
    public static CommandOutcome Success(JsonObject? result = null) => new(result, null);

    /// <summary>A command not carried out: <paramref name="code"/> (see <see cref="CommandErrorCodes"/>) and a message naming the problem.</summary>
    public static CommandOutcome Failure(string code, string message, IReadOnlyList<string>? errors = null) =>
        new(null, new CommandError(code, message) { Errors = errors ?? [] });
}

/// <summary>
/// A command's failure: a stable <paramref name="Code"/> for programs (see <see cref="CommandErrorCodes"/>) and a
/// <paramref name="Message"/> for people that names the problem.
/// </summary>
/// <param name="Code">Stable, machine-readable code.</param>
/// <param name="Message">What was wrong, in words.</param>
public sealed record CommandError(string Code, string Message)
{
    /// <summary>Itemised problems (e.g. a recipe loader's validation errors); written as <c>errors</c> when not empty.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
