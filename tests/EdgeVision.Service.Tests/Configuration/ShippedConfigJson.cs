using System.Text.Json.Nodes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Service.Configuration;

namespace EdgeVision.Service.Tests.Configuration;

/// <summary>The shipped configuration as an editable JSON tree, so each test changes exactly one thing.</summary>
internal static class ShippedConfigJson
{
    /// <summary>A fresh copy of config/edgevision.json.</summary>
    public static JsonObject Load() => JsonNode.Parse(File.ReadAllText(RepositoryFiles.ShippedConfig))!.AsObject();

    /// <summary>The first camera of <paramref name="json"/>.</summary>
    public static JsonObject Camera(JsonObject json) => json["cameras"]![0]!.AsObject();

    /// <summary>Parses the shipped config after <paramref name="edit"/>, with recipe paths resolved as for the shipped file.</summary>
    public static (ServiceSettings? Settings, IReadOnlyList<string> Errors) ParseEdited(Action<JsonObject> edit)
    {
        var json = Load();
        edit(json);
        var errors = new SettingsErrors();
        var settings = ServiceSettingsLoader.Parse(json.ToJsonString(), RepositoryFiles.ConfigDirectory, errors);
        return (settings, errors.All);
    }
}
