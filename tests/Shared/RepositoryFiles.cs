namespace EdgeVision.TestSupport;

/// <summary>Finds files of the repository (config, recipes) from a test's output folder. Linked into every test project.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding EdgeVision.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The folder of the shipped configuration.</summary>
    public static string ConfigDirectory => Path.Combine(Root, "config");

    /// <summary>The shipped service configuration.</summary>
    public static string ShippedConfig => Path.Combine(ConfigDirectory, "edgevision.json");

    /// <summary>The demo recipe shipped with the service.</summary>
    public static string DemoRecipe => Path.Combine(ConfigDirectory, "recipes", "demo.json");

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
