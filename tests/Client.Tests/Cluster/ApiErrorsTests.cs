using System.Net;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

public sealed class ApiErrorsTests
{
    static readonly ApiEndpoint WithToken = new(new Uri("http://silo:8080/"), "t");
    static readonly ApiEndpoint WithoutToken = new(new Uri("http://silo:8080/"), null);

    [Fact]
    public void ARefusedSpecListsEveryProblemOnItsOwnLineAfterTheSpecFile()
    {
        var e = ApiErrors.FromResponse(WithToken, HttpStatusCode.BadRequest,
            """{"problems": ["prompts[0].text: must contain exactly one {noken} slot (found 0)", "strategies[0].count: must be at least 1 (got -1)"]}""", "spec.yaml");
        Assert.Equal("spec.yaml: the cluster refused the spec with 2 problem(s):\n  prompts[0].text: must contain exactly one {noken} slot (found 0)\n  strategies[0].count: must be at least 1 (got -1)", e.Message);
        Assert.False(e.Transient);
    }

    [Fact]
    public void AConflictSaysTheIdExistsWithADifferentSpecAndListsTheProblems()
    {
        var e = ApiErrors.FromResponse(WithToken, HttpStatusCode.Conflict, """{"problems": ["id: campaign 'tiny' exists with a different spec"]}""", "spec.yaml");
        Assert.Contains("already exists with a different spec", e.Message);
        Assert.EndsWith("\n  id: campaign 'tiny' exists with a different spec", e.Message);
    }

    [Fact]
    public void AnUnauthorizedAnswerAsksForTheTokenOrSaysItWasRefused()
    {
        Assert.Equal("the API at http://silo:8080 needs a token (set NOKEN_API_TOKEN to the cluster's token)",
            ApiErrors.FromResponse(WithoutToken, HttpStatusCode.Unauthorized, "").Message);
        Assert.Equal("the API at http://silo:8080 refused the token (set NOKEN_API_TOKEN to the cluster's token)",
            ApiErrors.FromResponse(WithToken, HttpStatusCode.Unauthorized, "").Message);
    }

    [Fact]
    public void NotFoundShowsTheServersErrorText()
    {
        var e = ApiErrors.FromResponse(WithToken, HttpStatusCode.NotFound, """{"error": "no campaign 'nope'"}""");
        Assert.Equal("no campaign 'nope'", e.Message);
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.False(e.Transient);
    }

    [Fact]
    public void ServerFailuresAreWorthRetryingWhileWatchingAndSaySo()
    {
        var e = ApiErrors.FromResponse(WithToken, HttpStatusCode.ServiceUnavailable, """{"error": "silo shutting down"}""");
        Assert.True(e.Transient);
        Assert.Equal("the noken API at http://silo:8080 failed (HTTP 503): silo shutting down", e.Message);
    }

    [Fact]
    public void ABodyInNeitherErrorShapeFallsBackToTheStatusCode()
    {
        var html = ApiErrors.FromResponse(WithToken, HttpStatusCode.NotFound, "<html>nginx</html>", "spec.yaml");
        Assert.Equal("spec.yaml: not found at http://silo:8080 (HTTP 404)", html.Message);
        var teapot = ApiErrors.FromResponse(WithToken, (HttpStatusCode)418, "");
        Assert.Equal("no details (HTTP 418 from http://silo:8080)", teapot.Message);
    }
}
