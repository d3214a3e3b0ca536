using System.Text;
using System.Text.Json;
using EdgeVision.Mqtt.Commands;

namespace EdgeVision.Mqtt.Tests.Commands;

public class CommandProcessorTests
{
    private const string Root = "edgevision/station-1";
    private readonly RecordingTarget _target = new("cam1", "cam2");

    [Theory]
    [InlineData("trigger", "{\"camera\":\"cam1\"}", "cam1", null)]
    [InlineData("recipe", "{\"camera\":\"cam2\",\"recipe\":\"demo-tools\"}", "cam2", "demo-tools")]
    [InlineData("recipe", "{\"recipe\":\"demo\"}", null, "demo")]
    [InlineData("enable", "{\"camera\":\"cam1\"}", "cam1", null)]
    [InlineData("disable", "{}", null, null)]
    [InlineData("reset-counters", "{\"camera\":\"cam2\"}", "cam2", null)]
    [InlineData("reload", " { \"camera\" : \"cam1\" } ", "cam1", null)]
    public async Task A_valid_command_reaches_the_station_and_its_result_is_replied_on_the_verbs_reply_topic(string verb, string body, string? camera, string? recipe)
    {
        var (reply, json) = await Send(verb, body);

        Assert.Equal([(verb, camera, recipe)], _target.Calls);
        Assert.Equal($"{Root}/cmd/{verb}/reply", reply.Topic);
        Assert.Null(reply.CorrelationData);
        Assert.Equal(verb, json.GetProperty("verb").GetString());
        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal(verb, json.GetProperty("result").GetProperty("done").GetString());
        Assert.False(json.TryGetProperty("error", out _));
        Assert.False(json.TryGetProperty("id", out _));
    }

    [Fact]
    public async Task The_requests_id_is_echoed_as_given_whether_string_or_number()
    {
        var (_, text) = await Send("trigger", "{\"id\":\"req-7\",\"camera\":\"cam1\"}");
        var (_, number) = await Send("trigger", "{\"camera\":\"cam1\",\"id\":42.5}");
        var (_, failed) = await Send("trigger", "{\"id\":9,\"camera\":\"nope\"}");

        Assert.Equal("req-7", text.GetProperty("id").GetString());
        Assert.Equal(42.5, number.GetProperty("id").GetDouble());
        Assert.Equal(9, failed.GetProperty("id").GetInt32());
        Assert.False(failed.GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("trigger", "")]
    [InlineData("reset-counters", "  \n")]
    public async Task An_empty_payload_counts_as_an_empty_object_for_verbs_without_required_fields(string verb, string body)
    {
        var (_, json) = await Send(verb, body);

        Assert.True(json.GetProperty("ok").GetBoolean());
        Assert.Equal([(verb, (string?)null, (string?)null)], _target.Calls);
    }

    [Fact]
    public async Task A_one_megabyte_payload_is_refused_as_too_large_without_being_decoded()
    {
        // 0xFF is never valid UTF-8: had the payload been decoded, the error would be not-utf8.
        var payload = Enumerable.Repeat((byte)0xFF, 1024 * 1024).ToArray();

        var error = await ErrorFor("trigger", payload);

        Assert.Equal("too-large", error.GetProperty("code").GetString());
        Assert.Equal("payload is 1048576 bytes; the limit is 65536", error.GetProperty("message").GetString());
        Assert.Empty(_target.Calls);
    }

    [Fact]
    public async Task A_payload_at_the_limit_is_read_and_one_byte_more_is_refused()
    {
        var processor = Processor(new CommandSettings { MaxPayloadBytes = 64 });
        var atLimit = "{\"camera\":\"cam1\"}".PadRight(64);

        var ok = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", Encoding.UTF8.GetBytes(atLimit)));
        var over = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", Encoding.UTF8.GetBytes(atLimit + " ")));

        Assert.True(Json(ok!).GetProperty("ok").GetBoolean());
        Assert.Equal("too-large", Json(over!).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Random_bytes_are_refused_as_not_UTF8()
    {
        var bytes = new byte[300];
        new Random(5).NextBytes(bytes);

        var error = await ErrorFor("recipe", bytes);

        Assert.Equal("not-utf8", error.GetProperty("code").GetString());
        Assert.Contains("not valid UTF-8", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_target.Calls);
    }

    [Theory]
    [InlineData("hello", "payload is not valid JSON: 'h' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.")]
    [InlineData("{\"camera\":\"cam1\"", "payload is not valid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. LineNumber: 0 | BytePositionInLine: 16.")]
    [InlineData("{\"camera\":\"cam1\",}", "payload is not valid JSON: The JSON object contains a trailing comma at the end which is not supported in this mode. Change the reader options. LineNumber: 0 | BytePositionInLine: 17.")]
    public async Task Text_that_is_not_JSON_is_refused_with_the_parsers_position(string body, string message)
    {
        var error = await ErrorFor("trigger", Encoding.UTF8.GetBytes(body));

        Assert.Equal("invalid-json", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("[\"cam1\"]", "an array")]
    [InlineData("\"cam1\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    [InlineData("true", "a boolean")]
    public async Task JSON_that_is_not_an_object_is_refused(string body, string kind)
    {
        var error = await ErrorFor("enable", Encoding.UTF8.GetBytes(body));

        Assert.Equal("not-an-object", error.GetProperty("code").GetString());
        Assert.Equal($"payload must be a JSON object such as {{\"camera\":\"cam1\"}}, got {kind}", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_on_its_own_reply_topic_listing_the_known_verbs()
    {
        var (reply, json) = await Send("explode", "{}");

        Assert.Equal($"{Root}/cmd/explode/reply", reply.Topic);
        Assert.Equal("explode", json.GetProperty("verb").GetString());
        Assert.Equal("unknown-verb", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("unknown verb 'explode'; known verbs: trigger, recipe, enable, disable, reset-counters, reload", json.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(_target.Calls);
    }

    [Fact]
    public async Task An_unknown_verb_wins_over_a_bad_body_and_the_id_is_echoed_when_the_body_has_one()
    {
        var (_, withId) = await Send("explode", "{\"id\":\"x-1\",\"force\":9}");
        var noise = await ErrorFor("explode", [0xFF, 0x00, 0xC3]);

        Assert.Equal("x-1", withId.GetProperty("id").GetString());
        Assert.Equal("unknown-verb", withId.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("unknown-verb", noise.GetProperty("code").GetString());
        Assert.Empty(_target.Calls);
    }

    [Fact]
    public async Task A_leading_UTF8_byte_order_mark_is_skipped()
    {
        var reply = await Processor().ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", [0xEF, 0xBB, 0xBF, .. "{\"camera\":\"cam1\"}"u8]));

        Assert.True(Json(reply!).GetProperty("ok").GetBoolean());
        Assert.Equal([("trigger", (string?)"cam1", (string?)null)], _target.Calls);
    }

    [Theory]
    [InlineData("trigger", "{\"camera\":\"cam1\",\"speed\":3}", "unknown field 'speed' for verb trigger; its fields are: id, camera")]
    [InlineData("trigger", "{\"recipe\":\"demo\"}", "unknown field 'recipe' for verb trigger; its fields are: id, camera")]
    [InlineData("recipe", "{\"Recipe\":\"demo\"}", "unknown field 'Recipe' for verb recipe; its fields are: id, camera, recipe")]
    [InlineData("reload", "{\"camera\":\"cam1\",\"camera\":\"cam2\"}", "field 'camera' appears more than once")]
    public async Task An_unknown_or_repeated_field_is_refused_by_name(string verb, string body, string message)
    {
        var error = await ErrorFor(verb, Encoding.UTF8.GetBytes(body));

        Assert.Equal("unknown-field", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Empty(_target.Calls);
    }

    [Theory]
    [InlineData("trigger", "{\"camera\":5}", "camera must be a string, got a number")]
    [InlineData("disable", "{\"camera\":[\"cam1\"]}", "camera must be a string, got an array")]
    [InlineData("recipe", "{\"recipe\":true}", "recipe must be a string, got a boolean")]
    [InlineData("recipe", "{\"recipe\":null}", "recipe must be a string, got null")]
    [InlineData("enable", "{\"id\":{\"n\":1}}", "id must be a string or a number, got an object")]
    public async Task A_field_of_the_wrong_type_is_refused_naming_the_field_and_the_type(string verb, string body, string message)
    {
        var error = await ErrorFor(verb, Encoding.UTF8.GetBytes(body));

        Assert.Equal("wrong-type", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Empty(_target.Calls);
    }

    [Theory]
    [InlineData("{\"camera\":\"cam1\"}")]
    [InlineData("")]
    public async Task The_recipe_verb_without_a_recipe_is_refused_as_a_missing_field(string body)
    {
        var error = await ErrorFor("recipe", Encoding.UTF8.GetBytes(body));

        Assert.Equal("missing-field", error.GetProperty("code").GetString());
        Assert.StartsWith("field 'recipe' is required for verb recipe", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_target.Calls);
    }

    [Theory]
    [InlineData("{\"camera\":\"\"}", "camera must not be empty (leave the field out to mean every camera)")]
    [InlineData("{\"camera\":\"   \"}", "camera must not be empty (leave the field out to mean every camera)")]
    public async Task An_empty_name_is_refused_as_an_invalid_value(string body, string message)
    {
        var error = await ErrorFor("trigger", Encoding.UTF8.GetBytes(body));

        Assert.Equal("invalid-value", error.GetProperty("code").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_stations_refusal_is_replied_with_its_code_and_itemised_errors()
    {
        var unknownCamera = await ErrorFor("trigger", "{\"camera\":\"cam9\"}"u8.ToArray());
        var invalidRecipe = await ErrorFor("recipe", "{\"recipe\":\"broken\"}"u8.ToArray());

        Assert.Equal("unknown-camera", unknownCamera.GetProperty("code").GetString());
        Assert.Equal("no camera 'cam9'; cameras: cam1, cam2", unknownCamera.GetProperty("message").GetString());
        Assert.False(unknownCamera.TryGetProperty("errors", out _));
        Assert.Equal("invalid-recipe", invalidRecipe.GetProperty("code").GetString());
        Assert.Equal(["tools[0].type: unknown tool 'x'"], invalidRecipe.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task An_exception_from_the_station_becomes_an_internal_error_reply_and_is_logged()
    {
        var log = new List<string>();
        var processor = new CommandProcessor(new TopicScheme("edgevision", "station-1"), new CommandSettings(), _target, log.Add);
        _target.Throw = new IOException("disk on fire");

        var failed = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/reload", "{\"id\":1}"u8.ToArray()));
        _target.Throw = null;
        var next = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/reload", "{\"id\":2}"u8.ToArray()));

        var error = Json(failed!).GetProperty("error");
        Assert.Equal("internal", error.GetProperty("code").GetString());
        Assert.Equal("IOException: disk on fire", error.GetProperty("message").GetString());
        Assert.Equal(1, Json(failed!).GetProperty("id").GetInt32());
        Assert.True(Json(next!).GetProperty("ok").GetBoolean());
        Assert.Contains(log, line => line.StartsWith("MQTT command reload: the station failed: System.IO.IOException: disk on fire", StringComparison.Ordinal));
        Assert.Equal((2L, 1L, 1L, 1L), (processor.Received, processor.Succeeded, processor.Failed, processor.InternalErrors));
    }

    [Fact]
    public async Task The_reply_goes_to_the_MQTT5_response_topic_with_the_correlation_data_echoed()
    {
        byte[] correlation = [1, 2, 3, 250];
        var processor = Processor();

        var reply = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", "{\"camera\":\"cam1\"}"u8.ToArray(), "hmi/replies/42", correlation));

        Assert.Equal("hmi/replies/42", reply!.Topic);
        Assert.Equal(correlation, reply.CorrelationData);
        Assert.True(Json(reply).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Correlation_data_without_a_response_topic_is_echoed_on_the_default_reply_topic()
    {
        var reply = await Processor().ProcessAsync(new CommandRequest($"{Root}/cmd/enable", [], null, [9, 9]));

        Assert.Equal($"{Root}/cmd/enable/reply", reply!.Topic);
        Assert.Equal([9, 9], reply.CorrelationData!);
    }

    [Theory]
    [InlineData("edgevision/station-1/cmd/trigger/reply")]
    [InlineData("edgevision/station-1/cmd/explode/reply")]
    [InlineData("edgevision/station-1/cmd/reply")]
    [InlineData("edgevision/station-1/cmd/trigger/reply/hmi-1")]
    [InlineData("edgevision/station-1/status")]
    [InlineData("edgevision/station-1/cam1/result")]
    [InlineData("edgevision/station-2/cmd/trigger")]
    [InlineData("edgevision/station-1/cmdx/trigger")]
    public async Task Reply_topics_and_topics_that_are_not_this_stations_commands_are_ignored(string topic)
    {
        var processor = Processor();

        var reply = await processor.ProcessAsync(new CommandRequest(topic, "{\"verb\":\"trigger\",\"ok\":true,\"result\":{}}"u8.ToArray()));

        Assert.Null(reply);
        Assert.Empty(_target.Calls);
        Assert.Equal(0, processor.Received);
    }

    [Theory]
    [InlineData("edgevision/station-1/cmd/trigger", "is a command topic of this station")]
    [InlineData("replies/+", "contains a wildcard or NUL character")]
    [InlineData("", "the response topic is empty")]
    public async Task A_response_topic_that_would_loop_or_cannot_be_published_to_is_refused_on_the_default_topic(string responseTopic, string problem)
    {
        var reply = await Processor().ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", "{\"id\":3}"u8.ToArray(), responseTopic, [7]));

        Assert.Equal($"{Root}/cmd/trigger/reply", reply!.Topic);
        Assert.Equal([7], reply.CorrelationData!);
        var error = Json(reply).GetProperty("error");
        Assert.Equal("invalid-response-topic", error.GetProperty("code").GetString());
        Assert.Contains(problem, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(_target.Calls);
    }

    [Fact]
    public async Task A_reply_topic_of_this_station_is_accepted_as_a_response_topic()
    {
        var reply = await Processor().ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", [], $"{Root}/cmd/trigger/reply/hmi-1", null));

        Assert.Equal($"{Root}/cmd/trigger/reply/hmi-1", reply!.Topic);
        Assert.True(Json(reply).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task With_commands_switched_off_nothing_is_executed_or_replied()
    {
        var processor = Processor(new CommandSettings { Enabled = false });

        var valid = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", "{\"camera\":\"cam1\"}"u8.ToArray()));
        var malformed = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", [0xFF, 0xFE]));

        Assert.Null(valid);
        Assert.Null(malformed);
        Assert.Empty(_target.Calls);
        Assert.Equal(0, processor.Received);
    }

    [Fact]
    public async Task A_verb_outside_the_allow_list_is_refused_naming_the_allowed_ones()
    {
        var processor = Processor(new CommandSettings { AllowedVerbs = new HashSet<string> { "reset-counters", "trigger" } });

        var refused = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/recipe", "{\"recipe\":\"demo\"}"u8.ToArray()));
        var allowed = await processor.ProcessAsync(new CommandRequest($"{Root}/cmd/trigger", []));

        var error = Json(refused!).GetProperty("error");
        Assert.Equal("verb-not-allowed", error.GetProperty("code").GetString());
        Assert.Equal("verb 'recipe' is switched off on this station; allowed verbs: trigger, reset-counters", error.GetProperty("message").GetString());
        Assert.True(Json(allowed!).GetProperty("ok").GetBoolean());
        Assert.Equal([("trigger", (string?)null, (string?)null)], _target.Calls);
    }

    [Fact]
    public void Settings_validation_names_an_unknown_verb_and_a_too_small_limit()
    {
        var errors = new CommandSettings { MaxPayloadBytes = 0, AllowedVerbs = new HashSet<string> { "trigger", "explode" } }.Validate();

        Assert.Equal(
            ["commands.maxPayloadBytes must be at least 16, got 0", "commands.allowedVerbs: unknown verb 'explode'; known verbs: trigger, recipe, enable, disable, reset-counters, reload"],
            errors);
        Assert.Empty(new CommandSettings().Validate());
    }

    [Fact]
    public void The_subscription_filter_matches_one_level_so_never_the_reply_topics()
    {
        var processor = Processor();

        Assert.Equal($"{Root}/cmd/+", processor.SubscriptionFilter);
        Assert.Equal($"{Root}/cmd/reload/reply", processor.ReplyTopic("reload"));
    }

    private CommandProcessor Processor(CommandSettings? settings = null) =>
        new(new TopicScheme("edgevision", "station-1"), settings ?? new CommandSettings(), _target);

    private async Task<(CommandReply Reply, JsonElement Json)> Send(string verb, string body)
    {
        var reply = await Processor().ProcessAsync(new CommandRequest($"{Root}/cmd/{verb}", Encoding.UTF8.GetBytes(body)));
        Assert.NotNull(reply);
        return (reply, Json(reply));
    }

    private async Task<JsonElement> ErrorFor(string verb, byte[] payload)
    {
        var reply = await Processor().ProcessAsync(new CommandRequest($"{Root}/cmd/{verb}", payload));
        Assert.NotNull(reply);
        var json = Json(reply);
        Assert.Equal(verb, json.GetProperty("verb").GetString());
        Assert.False(json.GetProperty("ok").GetBoolean());
        Assert.False(json.TryGetProperty("result", out _));
        return json.GetProperty("error");
    }

    private static JsonElement Json(CommandReply reply) => JsonDocument.Parse(reply.Payload).RootElement.Clone();
}
