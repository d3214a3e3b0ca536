using System.Text.Json.Nodes;
using EdgeVision.Inspection.Recipes;
using NJsonSchema;

namespace EdgeVision.Inspection.Tests.Recipes;

public class RecipeSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(RecipeSchema.Generate()).GetAwaiter().GetResult());

    [Fact]
    public void The_published_schema_is_the_one_generated_from_the_loader()
    {
        var published = File.ReadAllText(Path.Combine(RepositoryFiles.ConfigDirectory, "recipe.schema.json"));

        Assert.True(published == RecipeSchema.Generate(), "config/recipe.schema.json is stale: run `edgevision schema --out config/recipe.schema.json`");
    }

    [Fact]
    public void Every_shipped_recipe_validates_against_the_schema()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.ConfigDirectory, "recipes"), "*.json"))
        {
            var errors = Schema.Value.Validate(File.ReadAllText(file));

            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}");
        }
    }

    [Fact]
    public void Every_tool_type_and_fixture_type_has_its_own_branch_with_its_parameters()
    {
        var json = JsonNode.Parse(RecipeSchema.Generate())!;
        var tools = json["properties"]!["tools"]!["items"]!["oneOf"]!.AsArray();
        var fixtures = json["properties"]!["fixture"]!["oneOf"]!.AsArray();

        Assert.Equal(ToolCatalog.Tools.Keys.Order(StringComparer.Ordinal), tools.Select(t => t!["title"]!.GetValue<string>()));
        Assert.Equal(ToolCatalog.Fixtures.Keys.Order(StringComparer.Ordinal), fixtures.Select(t => t!["title"]!.GetValue<string>()));
        var hole = tools.Single(t => t!["title"]!.GetValue<string>() == "hole")!;
        Assert.Equal(40, hole["properties"]!["minContrast"]!["default"]!.GetValue<double>());
        Assert.Equal("#/definitions/tolerance", hole["properties"]!["diameter"]!["$ref"]!.GetValue<string>());
        Assert.Contains("nominalPx", hole["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void A_misspelt_key_and_a_value_out_of_range_break_the_schema_as_they_break_the_loader()
    {
        var misspelt = DemoRecipeJson.Load();
        misspelt["tools"]![0]!["minContrat"] = 40;
        var outOfRange = DemoRecipeJson.Load();
        outOfRange["fixture"]!["threshold"] = 300;

        Assert.NotEmpty(Schema.Value.Validate(misspelt.ToJsonString()));
        Assert.NotEmpty(Schema.Value.Validate(outOfRange.ToJsonString()));
        Assert.NotEmpty(DemoRecipeJson.Parse(misspelt.ToJsonString()).Errors);
        Assert.NotEmpty(DemoRecipeJson.Parse(outOfRange.ToJsonString()).Errors);
    }
}
