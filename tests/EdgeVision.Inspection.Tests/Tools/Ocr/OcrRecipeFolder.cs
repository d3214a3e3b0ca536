using System.Text;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Vision.Ocr;

namespace EdgeVision.Inspection.Tests.Tools.Ocr;

/// <summary>
/// A temporary recipe folder with an OCR model trained once on synthetic digits and letters (15 samples per label)
/// saved as <c>serial.ocr</c>, and a file that is not a model, <c>broken.ocr</c>.
/// </summary>
public sealed class OcrRecipeFolder : IDisposable
{
    public OcrRecipeFolder()
    {
        Directory = Path.Combine(Path.GetTempPath(), "edgevision-ocr-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        using var samples = SyntheticCharacters.Generate(SyntheticCharacters.DigitsAndLetters, 15, 3);
        var model = new OcrTrainer().Train(samples);
        using (var stream = File.Create(Path.Combine(Directory, "serial.ocr")))
        {
            model.Save(stream);
        }

        File.WriteAllText(Path.Combine(Directory, "broken.ocr"), "this is not a model");
    }

    public string Directory { get; }

    /// <summary>A recipe fixtured on a blob plate (when <paramref name="fixtured"/>) with one OCR tool <paramref name="toolJson"/>.</summary>
    public static string Json(string toolJson, bool fixtured = true) => $$"""
        {
          "schemaVersion": 2,
          "name": "ocr-test",
          "units": "px",
          "preprocess": [{ "step": "debayer", "pattern": "none" }],
          {{(fixtured ? "\"fixture\": { \"type\": \"blob\", \"threshold\": 120, \"minArea\": 5000 }," : string.Empty)}}
          "tools": [ {{toolJson}} ]
        }
        """;

    public (Recipe? Recipe, IReadOnlyList<string> Errors) Parse(string json)
    {
        var errors = new SettingsErrors();
        var recipe = RecipeLoader.Parse(Encoding.UTF8.GetBytes(json), errors, Directory);
        return (recipe, errors.All);
    }

    public Recipe Load(string toolJson, bool fixtured = true)
    {
        var (recipe, errors) = Parse(Json(toolJson, fixtured));
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
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
