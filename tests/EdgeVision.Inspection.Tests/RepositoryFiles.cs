namespace EdgeVision.Inspection.Tests;

/// <summary>Finds files of the repository (config, recipes) from the test's output folder.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding EdgeVision.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The demo recipe shipped with the service.</summary>
    public static string DemoRecipe => Path.Combine(Root, "config", "recipes", "demo.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeVision.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EdgeVision.sln above {AppContext.BaseDirectory}.");
    }
}
