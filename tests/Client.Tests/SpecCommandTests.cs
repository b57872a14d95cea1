using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Client.Tests;

public sealed class SpecCommandTests
{
    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Orleans.Noken.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Orleans.Noken.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void SpecSchemaPrintsTheCommittedSchema()
    {
        var result = NokenProcess.Run("spec", "schema");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), CampaignSpecSchema.RepositoryPath)), result.Stdout);
    }
}
