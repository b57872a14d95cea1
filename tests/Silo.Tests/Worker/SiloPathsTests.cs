using Microsoft.Extensions.Options;
using Orleans.Noken.Grains;
using Orleans.Noken.Results;
using Orleans.Noken.Silo.Worker;

namespace Orleans.Noken.Silo.Tests.Worker;

/// <summary>A failure's message loses the silo's own folders before it reaches a status: paths become relative to
/// the models root or the results folder, and a path that merely starts like one of them is not cut there.</summary>
public sealed class SiloPathsTests : IDisposable
{
    readonly string _models = Directory.CreateTempSubdirectory("noken-models-").FullName;
    readonly string _results = Directory.CreateTempSubdirectory("noken-results-").FullName;

    public void Dispose()
    {
        Directory.Delete(_models, recursive: true);
        Directory.Delete(_results, recursive: true);
    }

    SiloPaths Paths() => new(Options.Create(new CampaignOptions { ModelsRoot = _models }),
        new CampaignStorage(new FolderResultStore(_results), $"folder {_results}"));

    [Fact]
    public void PathsUnderTheModelsRootAndTheResultsFolderBecomeRelative()
    {
        var paths = Paths();
        Assert.Equal("Input/output error : 'eio/config.json'", paths.Relative($"Input/output error : '{_models}/eio/config.json'"));
        Assert.Equal("cannot write campaigns/x/shards/1.parquet", paths.Relative($"cannot write {_results}/campaigns/x/shards/1.parquet"));
        Assert.Equal("the models root . is empty", paths.Relative($"the models root {_models} is empty"));
        // Its real path (the temp folder may be a link) is cut too.
        var real = Engine.Campaigns.RealPath.Of(_models)!;
        Assert.Equal("'x/model.safetensors'", paths.Relative($"'{real}/x/model.safetensors'"));
    }

    [Fact]
    public void APathThatOnlyStartsLikeARootIsLeftAlone()
    {
        var paths = Paths();
        // Not under the models root, though it starts like it: cut relative to the temporary folder it is in instead.
        Assert.Equal($"{Path.GetFileName(_models)}-other/x", paths.Relative($"{_models}-other/x"));
        Assert.Equal($"/srv{_models}/x", paths.Relative($"/srv{_models}/x"));
        Assert.Equal("no path here", paths.Relative("no path here"));
    }
}
