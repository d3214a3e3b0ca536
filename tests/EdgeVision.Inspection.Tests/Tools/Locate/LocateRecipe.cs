using System.Text;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using OpenCvSharp;

namespace EdgeVision.Inspection.Tests.Tools.Locate;

/// <summary>A temporary recipe folder holding the plate's template image, and recipes that fixture on it.</summary>
public sealed class LocateRecipe : IDisposable
{
    public LocateRecipe()
    {
        Directory = Path.Combine(Path.GetTempPath(), "edgevision-locate-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        using var template = TexturedPlate.Template();
        Cv2.ImWrite(Path.Combine(Directory, "plate.png"), template);
    }

    public string Directory { get; }

    /// <summary>A recipe whose fixture is <paramref name="fixtureJson"/> and that measures the plate's hole, fixtured.</summary>
    public static string Json(string fixtureJson) => $$"""
        {
          "schemaVersion": 2,
          "name": "locate-test",
          "units": "px",
          "preprocess": [{ "step": "debayer", "pattern": "none" }],
          "fixture": {{fixtureJson}},
          "tools": [
            { "name": "hole", "type": "hole", "x": {{TexturedPlate.HoleU}}, "y": {{TexturedPlate.HoleV}}, "diameter": { "nominal": 22, "tolerance": 0.5 } }
          ]
        }
        """;

    public (Recipe? Recipe, IReadOnlyList<string> Errors) Parse(string json)
    {
        var errors = new SettingsErrors();
        var recipe = RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors, Directory);
        return (recipe, errors.All);
    }

    public Recipe Load(string fixtureJson)
    {
        var (recipe, errors) = Parse(Json(fixtureJson));
        Assert.True(recipe is not null, string.Join(Environment.NewLine, errors));
        return recipe!;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
