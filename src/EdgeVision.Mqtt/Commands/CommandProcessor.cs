using System.Buffers;
using System.Text.Json;

namespace EdgeVision.Mqtt.Commands;

/// <summary>
/// Turns a message on <c>&lt;root&gt;/cmd/&lt;verb&gt;</c> into a call on the station's <see cref="ICommandTarget"/>
/// and the reply to publish. Every problem with the message (too large, not UTF-8, not JSON, not an object, unknown
/// verb or field, wrong type, missing field) and every refusal by the station gets an error reply naming it; bad
/// input never throws, and an exception from the station becomes an <see cref="CommandErrorCodes.Internal"/> reply.
/// </summary>
/// <remarks>
/// <para>
/// The reply goes to <c>&lt;root&gt;/cmd/&lt;verb&gt;/reply</c>, or to the MQTT 5 response topic when the request
/// names one, with the request's correlation data echoed. Its JSON is
/// <c>{"verb":"recipe","id":…,"ok":true,"result":{…}}</c> or
/// <c>{"verb":"recipe","id":…,"ok":false,"error":{"code":"…","message":"…","errors":[…]}}</c>; <c>id</c> is the
/// request's optional <c>id</c> (string or number) echoed as given, and is left out when the request had none or
/// when the body could not be read.
/// </para>
/// <para>
/// Replies never loop: a message with a <c>reply</c> level below <c>cmd/</c> (such as <c>cmd/trigger/reply</c>)
/// is ignored, and a response topic inside the command tree without such a level is refused (the error goes to the default reply topic). Subscribe with
/// <see cref="SubscriptionFilter"/>, which does not match reply topics at all.
/// </para>
/// <para>
/// With <see cref="CommandSettings.Enabled"/> off, every message is ignored: no reply, no call. Commands run in the
/// order they are handed in when the caller awaits each one; the processor itself keeps no state but counters.
/// </para>
/// </remarks>
public sealed partial class CommandProcessor
{
    private const string ReplyLevel = "reply";
    private readonly ICommandTarget _target;
    private readonly CommandSettings _settings;
    private readonly Action<string> _log;
    private readonly TopicScheme _topics;
    private readonly string _prefix;
    private long _received;
    private long _succeeded;
    private long _failed;
    private long _internalErrors;

    /// <summary>Creates a processor for the command topics under <paramref name="topics"/>' root.</summary>
    public CommandProcessor(TopicScheme topics, CommandSettings settings, ICommandTarget target, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _target = target ?? throw new ArgumentNullException(nameof(target));
        _log = log ?? (_ => { });
        _topics = topics;
        _prefix = topics.CommandPrefix;
    }

    /// <summary>The filter to subscribe with: <c>&lt;root&gt;/cmd/+</c> (one level, so never the reply topics).</summary>
    public string SubscriptionFilter => _topics.Commands;

    /// <summary>Command messages addressed to the station (reply topics and other topics not counted).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Commands carried out.</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Commands answered with an error (bad input, refused by the station, or internal).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Commands during which the station threw (a subset of <see cref="Failed"/>).</summary>
    public long InternalErrors => Interlocked.Read(ref _internalErrors);

    /// <summary>The default reply topic of <paramref name="verb"/>: <c>&lt;root&gt;/cmd/&lt;verb&gt;/reply</c>.</summary>
    public string ReplyTopic(string verb) => _topics.CommandReply(verb);

    /// <summary>
    /// Handles one inbound message. Returns the reply to publish, or null when the message is not a command for this
    /// station (another topic, a reply topic) or commands are switched off.
    /// </summary>
    public async Task<CommandReply?> ProcessAsync(CommandRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_settings.Enabled || !TryGetVerb(request.Topic, out var verb))
        {
            return null;
        }

        Interlocked.Increment(ref _received);
        var replyTopic = ReplyTopic(verb);
        if (request.ResponseTopic is { } responseTopic)
        {
            if (ResponseTopicProblem(responseTopic) is { } problem)
            {
                return Reply(replyTopic, request, verb, null, CommandOutcome.Failure(CommandErrorCodes.InvalidResponseTopic, problem));
            }

            replyTopic = responseTopic;
        }

        var parsed = Parse(verb, request.Payload);
        if (parsed.Error is not null)
        {
            return Reply(replyTopic, request, verb, parsed.Id, parsed.Error);
        }

        var outcome = await ExecuteAsync(verb, parsed, cancellationToken).ConfigureAwait(false);
        return Reply(replyTopic, request, verb, parsed.Id, outcome);
    }

    private bool TryGetVerb(string topic, out string verb)
    {
        verb = string.Empty;
        if (topic is null || !topic.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return false;
        }

        verb = topic[_prefix.Length..];

        // A reply (ours or anyone's) is never a command: answering it could start a loop.
        return !HasReplyLevel(verb);
    }

    /// <summary>True when a level of <paramref name="levels"/> (the part of a topic after <c>cmd/</c>) is <c>reply</c>.</summary>
    private static bool HasReplyLevel(string levels)
    {
        foreach (var level in levels.Split('/'))
        {
            if (level == ReplyLevel)
            {
                return true;
            }
        }

        return false;
    }

    private string? ResponseTopicProblem(string topic)
    {
        if (topic.Length == 0)
        {
            return "the response topic is empty";
        }

        if (topic.AsSpan().IndexOfAny('+', '#', '\0') >= 0)
        {
            return $"the response topic '{topic}' contains a wildcard or NUL character; it cannot be published to";
        }

        if (topic.StartsWith(_prefix, StringComparison.Ordinal) && !HasReplyLevel(topic[_prefix.Length..]))
        {
            return $"the response topic '{topic}' is a command topic of this station; a reply there would be read as a command (use a topic with a 'reply' level, or one outside {_prefix}#)";
        }

        return null;
    }

    private async Task<CommandOutcome> ExecuteAsync(string verb, ParsedCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var call = verb switch
            {
                CommandVerbs.Trigger => _target.TriggerAsync(command.Camera, cancellationToken),
                CommandVerbs.Recipe => _target.SelectRecipeAsync(command.Camera, command.Recipe!, cancellationToken),
                CommandVerbs.Enable => _target.EnableAsync(command.Camera, cancellationToken),
                CommandVerbs.Disable => _target.DisableAsync(command.Camera, cancellationToken),
                CommandVerbs.ResetCounters => _target.ResetCountersAsync(command.Camera, cancellationToken),
                CommandVerbs.Reload => _target.ReloadAsync(command.Camera, cancellationToken),
                _ => throw new InvalidOperationException($"verb '{verb}' passed validation but has no handler"),
            };
            return await call.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // the station's failure must become a reply, whatever it is; the service keeps running
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _internalErrors);
            _log($"MQTT command {verb}: the station failed: {e}");
            return CommandOutcome.Failure(CommandErrorCodes.Internal, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private CommandReply Reply(string topic, CommandRequest request, string verb, JsonElement? id, CommandOutcome outcome)
    {
        if (outcome.Ok)
        {
            Interlocked.Increment(ref _succeeded);
            _log($"MQTT command {verb}{IdText(id)}: done");
        }
        else
        {
            Interlocked.Increment(ref _failed);
            _log($"MQTT command {verb}{IdText(id)} refused: {outcome.Error!.Code}: {outcome.Error.Message}");
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("verb", verb);
            if (id is { } given)
            {
                w.WritePropertyName("id");
                given.WriteTo(w);
            }

            w.WriteBoolean("ok", outcome.Ok);
            if (outcome.Error is { } error)
            {
                w.WriteStartObject("error");
                w.WriteString("code", error.Code);
                w.WriteString("message", error.Message);
                if (error.Errors.Count > 0)
                {
                    w.WriteStartArray("errors");
                    foreach (var item in error.Errors)
                    {
                        w.WriteStringValue(item);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }
            else if (outcome.Result is { } result)
            {
                w.WritePropertyName("result");
                result.WriteTo(w);
            }
            else
            {
                w.WriteStartObject("result");
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return new CommandReply(topic, buffer.WrittenSpan.ToArray(), request.CorrelationData);
    }

    private static string IdText(JsonElement? id) => id is { } given ? $" (id {given.GetRawText()})" : string.Empty;
}
