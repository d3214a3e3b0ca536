namespace EdgeVision.Mqtt.Commands;

/// <summary>The <c>error.code</c> values of a command reply; the <c>message</c> beside each names the exact problem.</summary>
public static class CommandErrorCodes
{
    /// <summary>The payload is longer than <see cref="CommandSettings.MaxPayloadBytes"/>; it was not decoded.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The payload is not valid UTF-8.</summary>
    public const string NotUtf8 = "not-utf8";

    /// <summary>The payload is not valid JSON (the message gives the line and byte position).</summary>
    public const string InvalidJson = "invalid-json";

    /// <summary>The payload is JSON but not an object.</summary>
    public const string NotAnObject = "not-an-object";

    /// <summary>The topic's verb is not one of <see cref="CommandVerbs.All"/>.</summary>
    public const string UnknownVerb = "unknown-verb";

    /// <summary>The verb is known but not in <see cref="CommandSettings.AllowedVerbs"/>.</summary>
    public const string VerbNotAllowed = "verb-not-allowed";

    /// <summary>The body has a field the verb does not take (or the same field twice).</summary>
    public const string UnknownField = "unknown-field";

    /// <summary>A field has the wrong JSON type (e.g. <c>camera must be a string</c>).</summary>
    public const string WrongType = "wrong-type";

    /// <summary>A required field is missing.</summary>
    public const string MissingField = "missing-field";

    /// <summary>A field has the right type but a value that cannot be used (empty, too long, not a plain name).</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>The MQTT 5 response topic cannot be published to, or would be read back as a command.</summary>
    public const string InvalidResponseTopic = "invalid-response-topic";

    /// <summary>No camera of that name.</summary>
    public const string UnknownCamera = "unknown-camera";

    /// <summary>No recipe of that name.</summary>
    public const string UnknownRecipe = "unknown-recipe";

    /// <summary>The recipe file does not validate; <c>errors</c> lists the loader's messages and the old recipe stays.</summary>
    public const string InvalidRecipe = "invalid-recipe";

    /// <summary>The station or camera is disabled.</summary>
    public const string Disabled = "disabled";

    /// <summary>The camera free-runs, so it takes no triggers.</summary>
    public const string NotTriggered = "not-triggered";

    /// <summary>The station refused the trigger (handshake not ready, trigger queue full).</summary>
    public const string Refused = "refused";

    /// <summary>The station failed while executing the command; the message is the exception's.</summary>
    public const string Internal = "internal";
}
