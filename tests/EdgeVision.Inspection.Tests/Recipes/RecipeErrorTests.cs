using System.Text.Json.Nodes;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;

namespace EdgeVision.Inspection.Tests.Recipes;

public class RecipeErrorTests
{
    [Fact]
    public void A_misspelt_key_is_reported_with_its_path_and_the_key_it_probably_meant()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => Rename(json["fixture"]!.AsObject(), "threshold", "treshold"));

        var error = Assert.Single(errors);
        Assert.StartsWith("fixture.treshold:", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'threshold'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_one_lists_the_known_keys()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json["tools"]![2]!["colour"] = "red");

        var error = Assert.Single(errors);
        Assert.StartsWith("tools[2].colour: unknown key (known keys:", error, StringComparison.Ordinal);
        Assert.Contains("edgeMargin", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_reported_with_its_path_and_what_was_found()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json["tools"]![0]!["x"] = "left");

        Assert.Equal(["tools[0].x: expected a number, got string \"left\""], errors);
    }

    [Fact]
    public void A_value_out_of_range_is_reported_with_the_range()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json["fixture"]!["threshold"] = 300);

        Assert.Equal(["fixture.threshold: 300 is out of range [1, 254]"], errors);
    }

    [Fact]
    public void A_recipe_that_checks_nothing_is_reported()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json =>
        {
            json.Remove("fixture");
            json["tools"] = new JsonArray();
        });

        Assert.Equal(["tools: the recipe has neither a fixture nor any tool: it would check nothing"], errors);
    }

    [Fact]
    public void Fixtured_tools_without_a_fixture_are_reported_by_tool()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json =>
        {
            json.Remove("fixture");
            json["tools"]![0]!["fixtured"] = true;
        });

        Assert.Equal(["tools[0].fixtured: is true but the recipe has no fixture to move the tool with"], errors);
    }

    [Fact]
    public void An_unknown_tool_type_names_the_known_ones()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json =>
        {
            json["tools"]![1]!["type"] = "holes";
            json["tools"]![2]!["exclude"] = new JsonArray("hole_left");
        });

        var error = Assert.Single(errors);
        Assert.StartsWith("tools[1].type: unknown tool type 'holes' (known: ", error, StringComparison.Ordinal);
        Assert.Contains("hole", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tool_that_refers_to_a_later_or_unknown_tool_is_reported()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json["tools"]![2]!["exclude"] = new JsonArray("hole_left", "hole_middle"));

        Assert.Equal(["tools[2].exclude: 'hole_middle' is not the name of an earlier tool"], errors);
    }

    [Fact]
    public void A_missing_tolerance_inside_a_hole_is_reported_with_the_full_path()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json["tools"]![1]!["diameter"]!.AsObject().Remove("tolerance"));

        Assert.Equal(["tools[1].diameter.tolerance: is required (or give minus and plus)"], errors);
    }

    [Fact]
    public void Two_tools_with_the_same_name_are_reported()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json =>
        {
            json["tools"]![1]!["name"] = "hole_left";
            json["tools"]![2]!["exclude"] = new JsonArray("hole_left");
        });

        var error = Assert.Single(errors);
        Assert.StartsWith("tools[1].name:", error, StringComparison.Ordinal);
        Assert.Contains("'hole_left'", error, StringComparison.Ordinal);
        Assert.Contains("unique", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipe_without_a_schema_version_is_refused()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json.Remove("schemaVersion"));

        var error = Assert.Single(errors);
        Assert.StartsWith("schemaVersion: is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recipe_from_a_newer_schema_is_refused()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json => json["schemaVersion"] = Recipe.CurrentSchemaVersion + 1);

        Assert.Equal([$"schemaVersion: is {Recipe.CurrentSchemaVersion + 1}; this build reads version {Recipe.CurrentSchemaVersion} (see docs/RECIPES.md for the format)"], errors);
    }

    [Fact]
    public void Text_that_is_not_JSON_is_reported_and_gives_no_recipe()
    {
        var (recipe, errors) = DemoRecipeJson.Parse("{ \"schemaVersion\": 1, ");

        Assert.Null(recipe);
        Assert.StartsWith("(recipe): not valid JSON", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mistake_in_a_recipe_is_reported_at_once()
    {
        var (_, errors) = DemoRecipeJson.ParseEdited(json =>
        {
            Rename(json["fixture"]!.AsObject(), "threshold", "treshold");
            json["fixture"]!["minArea"] = -5;
            json["tools"]![0]!["x"] = "left";
            json["tools"]![1]!["name"] = "hole_left";
            json["tools"]![2]!["exclude"] = new JsonArray("hole_left");
            json["preprocess"]![0]!["pattern"] = "RGBG";
            json["preprocess"]![1]!["r"] = 0;
            json["tools"]![2]!["minArea"] = "many";
        });

        string[] expectedPaths =
        [
            "fixture.treshold", "fixture.minArea", "tools[0].x", "tools[1].name", "preprocess[0].pattern", "preprocess[1].r", "tools[2].minArea",
        ];
        Assert.Equal(expectedPaths.Length, errors.Count);
        foreach (var path in expectedPaths)
        {
            Assert.Contains(errors, e => e.StartsWith(path + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Loading_a_file_with_mistakes_throws_one_exception_listing_them_all()
    {
        var json = DemoRecipeJson.Load();
        json["fixture"]!["threshold"] = 300;
        json["tools"]![0]!["x"] = "left";
        var path = Path.Combine(Path.GetTempPath(), $"recipe-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        try
        {
            var error = Assert.Throws<SettingsException>(() => RecipeLoader.Load(path));

            Assert.Equal(2, error.Errors.Count);
            Assert.Contains("fixture.threshold", error.Message, StringComparison.Ordinal);
            Assert.Contains("tools[0].x", error.Message, StringComparison.Ordinal);
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Rename(JsonObject section, string from, string to)
    {
        var value = section[from];
        section.Remove(from);
        section[to] = value;
    }
}
