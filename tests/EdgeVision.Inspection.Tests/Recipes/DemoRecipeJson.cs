using System.Text;
using System.Text.Json.Nodes;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;

namespace EdgeVision.Inspection.Tests.Recipes;

/// <summary>The demo recipe as editable JSON, to make recipes with exactly the mistakes a test wants.</summary>
internal static class DemoRecipeJson
{
    public static JsonObject Load() => JsonNode.Parse(File.ReadAllText(RepositoryFiles.DemoRecipe))!.AsObject();

    /// <summary>Parses the demo recipe after <paramref name="edit"/>, returning the recipe and every error reported.</summary>
    public static (Recipe? Recipe, IReadOnlyList<string> Errors) ParseEdited(Action<JsonObject> edit)
    {
        var json = Load();
        edit(json);
        return Parse(json.ToJsonString());
    }

    public static (Recipe? Recipe, IReadOnlyList<string> Errors) Parse(string json)
    {
        var errors = new SettingsErrors();
        var recipe = RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors);
        return (recipe, errors.All);
    }
}
