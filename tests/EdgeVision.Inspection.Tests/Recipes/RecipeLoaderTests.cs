using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeVision.Inspection.Recipes;
using EdgeVision.Inspection.Settings;
using EdgeVision.Inspection.Tools;
using EdgeVision.Vision;

namespace EdgeVision.Inspection.Tests.Recipes;

public class RecipeLoaderTests
{
    [Fact]
    public void The_demo_recipe_loads_with_every_value_from_the_file()
    {
        var recipe = RecipeLoader.Load(RepositoryFiles.DemoRecipe);

        Assert.Equal("demo-plate", recipe.Name);
        Assert.Equal(PixelFormat.BayerRggb8, recipe.Preprocess.Bayer);
        Assert.Equal(1.818, recipe.Preprocess.Color.GainR);
        Assert.Equal(1.0, recipe.Preprocess.Color.GainG);
        Assert.Equal(1.333, recipe.Preprocess.Color.GainB);
        Assert.Equal([1.0, 0, 0, 0, 1, 0, 0, 0, 1], recipe.Preprocess.Color.Matrix);
        var fixture = Assert.IsType<BlobFixtureSettings>(recipe.Fixture);
        Assert.Equal((140.0, 50000, new Tolerance(440, 4, 4), new Tolerance(280, 4, 4)), (fixture.Threshold, fixture.MinArea, fixture.Length, fixture.Width));
        Assert.Equal(("part", "PART_SIZE", "PART_NOT_FOUND"), (fixture.Name, fixture.Common.FailReason, fixture.Common.NotFoundReason));
        Assert.Equal(["hole_left", "hole_right", "surface"], recipe.Tools.Select(t => t.Name));
        var left = Assert.IsType<HoleSettings>(recipe.Tools[0]);
        Assert.Equal((-140.0, 0.0, new Tolerance(64, 1.5, 1.5), 40.0, true), (left.Roi.X, left.Roi.Y, left.Diameter, left.MinContrast, left.Fixtured));
        Assert.Equal(("HOLE_DIAMETER", "HOLE_MISSING"), (left.Common.FailReason, left.Common.NotFoundReason));
        var surface = Assert.IsType<SurfaceSettings>(recipe.Tools[2]);
        Assert.Equal((8.0, 6.0, 40.0, 20, new Tolerance(0, 0, 0)), (surface.EdgeMargin, surface.ExcludeMargin, surface.Contrast, surface.MinArea, surface.Count));
        Assert.Equal(["hole_left", "hole_right"], surface.Exclude);
        Assert.Equal("px", recipe.Units.UnitOf(Quantity.Length));
    }

    [Fact]
    public void The_checksum_is_the_sha256_of_the_file_bytes()
    {
        var bytes = File.ReadAllBytes(RepositoryFiles.DemoRecipe);

        var recipe = RecipeLoader.Load(RepositoryFiles.DemoRecipe);

        Assert.StartsWith("sha256:", recipe.Checksum, StringComparison.Ordinal);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), recipe.Checksum);
    }

    [Fact]
    public void Changing_one_byte_changes_the_checksum()
    {
        var bytes = File.ReadAllBytes(RepositoryFiles.DemoRecipe);
        var changed = (byte[])bytes.Clone();
        var minArea = Encoding.UTF8.GetString(bytes).IndexOf("\"minArea\": 50000", StringComparison.Ordinal);
        Assert.True(minArea >= 0, "the demo recipe no longer has \"minArea\": 50000; pick another byte to change");
        changed[minArea + "\"minArea\": 5000".Length] = (byte)'1'; // 50000 → 50001: still a valid recipe

        var original = RecipeLoader.Parse(bytes, new SettingsErrors())!;
        var edited = RecipeLoader.Parse(changed, new SettingsErrors())!;

        Assert.Equal(50001, ((BlobFixtureSettings)edited.Fixture!).MinArea);
        Assert.NotEqual(original.Checksum, edited.Checksum);
        Assert.Equal(original.Checksum.Length, edited.Checksum.Length);
    }

    [Fact]
    public void A_recipe_read_from_disk_and_from_memory_has_the_same_checksum()
    {
        var fromDisk = RecipeLoader.Load(RepositoryFiles.DemoRecipe);

        var fromMemory = RecipeLoader.Parse(File.ReadAllBytes(RepositoryFiles.DemoRecipe), new SettingsErrors())!;

        Assert.Equal(fromDisk.Checksum, fromMemory.Checksum);
        Assert.Equal(fromDisk.Name, fromMemory.Name);
    }

    [Fact]
    public void Tolerances_may_be_given_as_minus_and_plus_or_as_min_and_max()
    {
        var (recipe, errors) = DemoRecipeJson.ParseEdited(json =>
        {
            json["fixture"]!["length"] = new JsonObject { ["nominal"] = 440, ["minus"] = 2, ["plus"] = 5 };
            json["fixture"]!["width"] = new JsonObject { ["min"] = 270, ["max"] = 290 };
        });

        Assert.Empty(errors);
        var fixture = (BlobFixtureSettings)recipe!.Fixture!;
        Assert.Equal(new Tolerance(440, 2, 5), fixture.Length);
        Assert.Equal(new Tolerance(280, 10, 10), fixture.Width);
    }

    [Fact]
    public void Comments_and_dollar_keys_are_allowed()
    {
        var text = File.ReadAllText(RepositoryFiles.DemoRecipe).Replace("\"name\": \"demo-plate\",", "\"name\": \"demo-plate\", // the demo part\n  \"$comment\": \"made by a test\",", StringComparison.Ordinal);

        var (recipe, errors) = DemoRecipeJson.Parse(text);

        Assert.Empty(errors);
        Assert.Equal("demo-plate", recipe!.Name);
    }

    [Fact]
    public void Bayer_none_means_a_mono_camera()
    {
        var (recipe, errors) = DemoRecipeJson.ParseEdited(json => json["preprocess"]![0]!["pattern"] = "none");

        Assert.Empty(errors);
        Assert.Equal(PixelFormat.Mono8, recipe!.Preprocess.Bayer);
    }

    [Theory]
    [InlineData(440, true)]
    [InlineData(436, true)]
    [InlineData(444, true)]
    [InlineData(435.99, false)]
    [InlineData(444.01, false)]
    public void A_tolerance_accepts_its_bounds_and_nothing_beyond(double value, bool accepted)
    {
        var tolerance = new Tolerance(440, 4, 4);

        Assert.Equal(accepted, tolerance.Accepts(value));
    }

    [Fact]
    public void A_missing_file_is_reported_as_a_settings_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-recipe-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<SettingsException>(() => RecipeLoader.Load(path));

        Assert.Contains("cannot be read", Assert.Single(error.Errors), StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }
}
