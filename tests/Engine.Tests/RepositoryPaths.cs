namespace Orleans.Noken.Engine.Tests;

/// <summary>Finds files of the repository from a test's bin folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Noken.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Orleans.Noken.sln above {AppContext.BaseDirectory}");
    }
}
