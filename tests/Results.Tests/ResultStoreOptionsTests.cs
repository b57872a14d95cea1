namespace Orleans.Noken.Results.Tests;

public sealed class ResultStoreOptionsTests
{
    [Fact]
    public void ABlobStoreWithoutConnectionStringOrServiceUriIsRefusedNamingBothKeys()
    {
        var error = Assert.Throws<ResultStoreOptionsException>(() => ResultStoreFactory.Create(new ResultStoreOptions { Kind = ResultStoreKind.Blob }));
        Assert.Contains("ResultStore:ConnectionString", error.Message);
        Assert.Contains("ResultStore:ServiceUri", error.Message);
    }

    [Fact]
    public void EveryProblemIsListedAtOnce()
    {
        var errors = ResultStoreOptionsValidator.Validate(new ResultStoreOptions
        {
            Kind = ResultStoreKind.Blob, ConnectionString = "UseDevelopmentStorage=true", ServiceUri = "not a uri", Container = "Bad_Name",
        });
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("both set"));
        Assert.Contains(errors, e => e.Contains("not an absolute http(s) URI"));
        Assert.Contains(errors, e => e.Contains("Bad_Name"));
    }

    [Fact]
    public void AFolderStoreNeedsItsFolder()
    {
        Assert.Contains("ResultStore:Folder", Assert.Single(ResultStoreOptionsValidator.Validate(new ResultStoreOptions())));
        Assert.IsType<FolderResultStore>(ResultStoreFactory.Create(new ResultStoreOptions { Folder = Path.GetTempPath() }));
    }

    [Fact]
    public void AServiceUriAloneIsValidAndBuildsABlobStoreWithoutTouchingTheNetwork()
    {
        // DefaultAzureCredential asks for a token only on the first request, so building needs no identity.
        var options = new ResultStoreOptions { Kind = ResultStoreKind.Blob, ServiceUri = "https://account.blob.core.windows.net" };
        Assert.Empty(ResultStoreOptionsValidator.Validate(options));
        Assert.IsType<BlobResultStore>(ResultStoreFactory.Create(options));
    }

    [Fact]
    public void PrintingOptionsNeverShowsTheConnectionString()
    {
        var options = new ResultStoreOptions { Kind = ResultStoreKind.Blob, ConnectionString = "AccountKey=secret" };
        Assert.DoesNotContain("secret", options.ToString());
    }
}
