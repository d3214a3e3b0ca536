namespace EdgeVision.IntegrationTests;

/// <summary>Finds files of the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVision.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("EdgeVision.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Path_(string relative) => Path.Combine(Root, relative);
}
