using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace EdgeVision.Mqtt.Commands;

/// <content>Reading and checking a command: verb, then the body's size, UTF-8, JSON, object, fields.</content>
public sealed partial class CommandProcessor
{
    private const int MaxNameLength = 128;
    private const int MaxIdLength = 256;
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private ParsedCommand Parse(string verb, ReadOnlySequence<byte> payload)
    {
        // A verb problem is the answer whatever the body holds; the body is still read for its id when it can be.
        CommandOutcome? verbError = null;
        if (!CommandVerbs.IsKnown(verb))
        {
            verbError = CommandOutcome.Failure(CommandErrorCodes.UnknownVerb, $"unknown verb '{verb}'; known verbs: {string.Join(", ", CommandVerbs.All)}");
        }
        else if (_settings.AllowedVerbs is { } allowed && !allowed.Contains(verb))
        {
            verbError = CommandOutcome.Failure(CommandErrorCodes.VerbNotAllowed, $"verb '{verb}' is switched off on this station; allowed verbs: {string.Join(", ", CommandVerbs.All.Where(allowed.Contains))}");
        }

        ParsedCommand Fail(string code, string message) =>
            verbError is not null ? new ParsedCommand(null, null, null, verbError) : ParsedCommand.Failed(null, code, message);

        // Checked before anything else touches the bytes: a huge payload is refused unread.
        if (payload.Length > _settings.MaxPayloadBytes)
        {
            return Fail(CommandErrorCodes.TooLarge, $"payload is {payload.Length} bytes; the limit is {_settings.MaxPayloadBytes}");
        }

        var bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        if (!Utf8.IsValid(bytes.Span))
        {
            return Fail(CommandErrorCodes.NotUtf8, $"payload ({bytes.Length} bytes) is not valid UTF-8 text; send a JSON object");
        }

        if (bytes.Span.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..]; // some editors and tools write one; JSON text has none
        }

        if (IsBlank(bytes.Span))
        {
            // An empty body counts as {}.
            return verbError is not null ? new ParsedCommand(null, null, null, verbError) : Fields(verb, default, hasBody: false);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, JsonOptions);
        }
        catch (JsonException e)
        {
            return Fail(CommandErrorCodes.InvalidJson, $"payload is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(CommandErrorCodes.NotAnObject, $"payload must be a JSON object such as {{\"camera\":\"cam1\"}}, got {KindName(root.ValueKind)}");
            }

            if (verbError is not null)
            {
                var id = Fields(verb, root, hasBody: true).Id;
                return new ParsedCommand(id, null, null, verbError);
            }

            return Fields(verb, root, hasBody: true);
        }
    }

    private static ParsedCommand Fields(string verb, JsonElement body, bool hasBody)
    {
        JsonElement? id = null;
        if (hasBody && body.TryGetProperty("id", out var given))
        {
            if (given.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return ParsedCommand.Failed(null, CommandErrorCodes.WrongType, $"id must be a string or a number, got {KindName(given.ValueKind)}");
            }

            if (given.GetRawText().Length > MaxIdLength)
            {
                return ParsedCommand.Failed(null, CommandErrorCodes.InvalidValue, $"id is longer than {MaxIdLength} characters");
            }

            id = given.Clone(); // outlives the document
        }

        string? camera = null, recipe = null;
        var takesRecipe = verb == CommandVerbs.Recipe;
        if (hasBody)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in body.EnumerateObject())
            {
                if (!seen.Add(field.Name))
                {
                    return ParsedCommand.Failed(id, CommandErrorCodes.UnknownField, $"field '{field.Name}' appears more than once");
                }

                string? problem = null, code = null;
                switch (field.Name)
                {
                    case "id":
                        break;
                    case "camera":
                        (camera, code, problem) = Name(field);
                        break;
                    case "recipe" when takesRecipe:
                        (recipe, code, problem) = Name(field);
                        break;
                    default:
                        return ParsedCommand.Failed(id, CommandErrorCodes.UnknownField, $"unknown field '{Shorten(field.Name)}' for verb {verb}; its fields are: {(takesRecipe ? "id, camera, recipe" : "id, camera")}");
                }

                if (code is not null)
                {
                    return ParsedCommand.Failed(id, code, problem!);
                }
            }
        }

        if (takesRecipe && recipe is null)
        {
            return ParsedCommand.Failed(id, CommandErrorCodes.MissingField, "field 'recipe' is required for verb recipe (the recipe's name, e.g. {\"recipe\":\"demo-tools\"})");
        }

        return new ParsedCommand(id, camera, recipe, null);
    }

    private static (string? Value, string? Code, string? Problem) Name(JsonProperty field)
    {
        if (field.Value.ValueKind != JsonValueKind.String)
        {
            return (null, CommandErrorCodes.WrongType, $"{field.Name} must be a string, got {KindName(field.Value.ValueKind)}");
        }

        var value = field.Value.GetString()!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, CommandErrorCodes.InvalidValue, $"{field.Name} must not be empty (leave the field out to mean every camera)");
        }

        if (value.Length > MaxNameLength)
        {
            return (null, CommandErrorCodes.InvalidValue, $"{field.Name} is longer than {MaxNameLength} characters");
        }

        return (value, null, null);
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    /// <summary>A checked body, or the error reply's outcome.</summary>
    private sealed record ParsedCommand(JsonElement? Id, string? Camera, string? Recipe, CommandOutcome? Error)
    {
        public static ParsedCommand Failed(JsonElement? id, string code, string message) =>
            new(id, null, null, CommandOutcome.Failure(code, message));
    }
}
