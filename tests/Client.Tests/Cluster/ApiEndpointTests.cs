using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class ApiEndpointTests
{
    static Func<string, string?> Environment(string? url = null, string? token = null) => name => name switch
    {
        ApiEndpoint.UrlVariable => url,
        ApiEndpoint.TokenVariable => token,
        _ => null,
    };

    [Fact]
    public void TheApiOptionWinsOverTheEnvironmentWhichWinsOverTheLocalDefault()
    {
        Assert.Equal("http://option:1/", ApiEndpoint.Resolve("http://option:1", Environment("http://env:2")).BaseUrl.ToString());
        Assert.Equal("http://env:2/", ApiEndpoint.Resolve(null, Environment("http://env:2")).BaseUrl.ToString());
        Assert.Equal(ApiEndpoint.DefaultUrl + "/", ApiEndpoint.Resolve(" ", Environment("")).BaseUrl.ToString());
    }

    [Fact]
    public void ABaseUrlBehindAPathPrefixKeepsThePrefixForEveryRoute()
    {
        var endpoint = ApiEndpoint.Resolve("https://gateway.example/noken", Environment());
        Assert.Equal("https://gateway.example/noken/api/campaigns/c1", new Uri(endpoint.BaseUrl, ApiRoutes.Campaign("c1")).ToString());
        Assert.Equal("https://gateway.example/noken", endpoint.Display);
    }

    [Fact]
    public void AUrlThatIsNotHttpIsRefusedNamingWhereItCameFrom()
    {
        var fromOption = Assert.Throws<ArgumentException>(() => ApiEndpoint.Resolve("127.0.0.1:8080", Environment()));
        Assert.StartsWith("--api: '127.0.0.1:8080' is not an http:// or https:// URL", fromOption.Message);
        var fromEnvironment = Assert.Throws<ArgumentException>(() => ApiEndpoint.Resolve(null, Environment("ftp://host")));
        Assert.StartsWith($"{ApiEndpoint.UrlVariable}: 'ftp://host'", fromEnvironment.Message);
    }

    [Fact]
    public void TheTokenComesOnlyFromTheEnvironmentAndBlankMeansNone()
    {
        Assert.Equal("s3cret", ApiEndpoint.Resolve(null, Environment(token: " s3cret\n")).Token);
        Assert.Null(ApiEndpoint.Resolve(null, Environment(token: "  ")).Token);
    }
}
