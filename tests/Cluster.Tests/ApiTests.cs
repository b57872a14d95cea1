using System.Net;
using System.Net.Http.Json;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>The API's refusals, through real HTTP on a real silo: each says what is wrong and changes nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task EveryRefusalIsClearAndSpecific()
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");

        // No token, a wrong token: 401 and nothing else.
        foreach (var token in new[] { null, "not-the-token" })
        {
            using var anonymous = services.Api(silo, token);
            using var refused = await anonymous.GetAsync("/api/campaigns");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("", await refused.Content.ReadAsStringAsync());
            using var submit = await anonymous.SendSubmitAsync(FaultCampaign.Sweep);
            Assert.Equal(HttpStatusCode.Unauthorized, submit.StatusCode);
        }
        using var api = services.Api(silo);
        Assert.Empty((await (await api.GetAsync("/api/campaigns")).Content.ReadFromJsonAsync<List<CampaignEntry>>(ClusterApi.Json))!);

        // A bad spec: 400 with every problem by field.
        var bad = FaultCampaign.Sweep.Replace("count: 800", "count: -1").Replace("max_new_tokens: 8", "max_new_tokens: lots");
        using (var response = await api.SendSubmitAsync(bad))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problems = await response.Content.ReadFromJsonAsync<ProblemBody>(ClusterApi.Json);
            Assert.Contains(problems!.Problems, p => p.StartsWith("strategies[0].count", StringComparison.Ordinal));
            Assert.Contains(problems.Problems, p => p.StartsWith("strategies[1].count", StringComparison.Ordinal));
            Assert.Contains(problems.Problems, p => p.StartsWith("decoding.max_new_tokens", StringComparison.Ordinal));
        }

        // Specs crafted to kill a silo (a cyclic alias, nesting past any stack): 400 with the reason, and the silo lives.
        foreach (var (hostile, reason) in new[]
        {
            ("name: x\nprompts: &a [*a]\n", "anchors"),
            ("name: x\nprompts: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "deeper than"),
        })
        {
            using var response = await api.SendSubmitAsync(hostile);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, await response.Content.ReadAsStringAsync());
        }
        Assert.False(silo.HasExited, "a hostile spec took the silo down");

        // A model no silo has: refused at submit, naming the field and the client's own words (never a silo path).
        using (var response = await api.SendSubmitAsync(FaultCampaign.Sweep.Replace("model: organism", "model: /models/not-here")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("model: '/models/not-here' is not a model on this cluster", await response.Content.ReadAsStringAsync());
        }

        // An id that cannot be one; then an unknown one.
        using (var response = await api.SendSubmitAsync(FaultCampaign.Sweep, "../../etc"))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var unknown = await api.GetAsync("/api/campaigns/no-such-campaign"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("no campaign with id 'no-such-campaign'", await unknown.Content.ReadAsStringAsync());
        }
        Assert.Empty((await (await api.GetAsync("/api/campaigns")).Content.ReadFromJsonAsync<List<CampaignEntry>>(ClusterApi.Json))!);

        // The same id with a different spec: 409.
        var accepted = await api.SubmitAsync(FaultCampaign.Sweep, "taken");
        using (var conflict = await api.SendSubmitAsync(FaultCampaign.Sweep.Replace("seed: 2", "seed: 3"), "taken"))
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        using (var climb = await api.GetAsync($"/api/campaigns/{accepted.Id}/files/shards/..%2F..%2Fspec.json"))
            Assert.Equal(HttpStatusCode.BadRequest, climb.StatusCode);
    }

    [Fact]
    public async Task AModelThatCannotLoadFailsTheCampaignWithTheReason()
    {
        // The folder exists (so submit accepts it) but its weights are gone: only loading finds out.
        var broken = Path.Combine(Path.GetTempPath(), "noken-broken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models", "organism", "aligned")))
            if (!file.EndsWith(".safetensors", StringComparison.Ordinal)) File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        try
        {
            using var services = new ClusterServices(azurite);
            // A submitted spec's model must lie inside the models root, so the broken folder's parent is the root here.
            services.Extra["Noken__Campaigns__ModelsRoot"] = Path.GetDirectoryName(broken)!;
            var silo = await services.StartSiloAsync("silo-1");
            using var api = services.Api(silo);
            var id = (await api.SubmitAsync(FaultCampaign.Sweep.Replace("model: organism", $"model: {Path.GetFileName(broken)}"))).Id;
            var failed = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Failed, TimeSpan.FromMinutes(2), services.Logs);
            Assert.Equal(CampaignPhase.Failed, failed.Phase);
            Assert.Contains("safetensors", failed.Failure);
            Assert.Equal(0, failed.NokensDone);
            Assert.False(silo.HasExited, "a campaign's bad model must not take the silo down");
        }
        finally
        {
            Directory.Delete(broken, recursive: true);
        }
    }

    sealed record ProblemBody(List<string> Problems);
}

/// <summary>A silo that cannot reach its services says so and stops, rather than limping along.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task ASiloWhoseRedisIsUnreachableStopsWithOneLineNamingIt()
    {
        int dead = SiloProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Noken__Silo__Clustering"] = "Redis",
            ["Noken__Silo__GrainState"] = "Redis",
            ["Noken__Silo__Redis"] = $"127.0.0.1:{dead},connectTimeout=1000",
            ["NOKEN_API_TOKEN"] = ClusterServices.Token,
        };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync("silo-x", environment, TimeSpan.FromMinutes(2)));
        Assert.Contains("exited with 3", error.Message);
        Assert.Contains($"noken-silo: cannot reach Redis at 127.0.0.1:{dead} (Noken:Silo:Redis", error.Message);
    }

    [Fact]
    public async Task ASiloWithoutAnApiTokenRefusesToStart()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SiloProcess.StartAsync("silo-y", new Dictionary<string, string> { ["NOKEN_API_TOKEN"] = "" }, TimeSpan.FromMinutes(1)));
        Assert.Contains("exited with 2", error.Message);
        Assert.Contains("the API needs a bearer token", error.Message);
    }

    [Fact]
    public async Task ASiloWithAShortApiTokenRefusesToStartNamingTheMinimum()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SiloProcess.StartAsync("silo-z", new Dictionary<string, string> { ["NOKEN_API_TOKEN"] = "x" }, TimeSpan.FromMinutes(1)));
        Assert.Contains("exited with 2", error.Message);
        Assert.Contains("Noken:Api:Token: the bearer token is too short (1 characters, at least 16", error.Message);
    }
}
