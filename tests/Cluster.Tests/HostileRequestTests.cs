using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;
using Xunit.Abstractions;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// The probes of issue 14 that are about bounded input, sent over real HTTP to one real silo process: each is a 400
/// naming the problem (never a 500, never a 201), answered quickly, the silo alive afterwards and nothing created.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileRequestTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    /// <summary>A refusal that costs work (a loader walking a deep document) shows up as seconds: the issue measured
    /// 5.9 s for 20,000 levels. Generous for a loaded 2-core machine, still far below that.</summary>
    static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    static bool Refused(HttpResponseMessage response) => response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest;

    [Fact]
    public async Task EveryHostileRequestIsA400AndTheSiloLives()
    {
        using var services = new ClusterServices(azurite);
        var silo = await services.StartSiloAsync("silo-1");
        using var api = services.Api(silo);

        var laughs = new List<string> { "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (int i = 1; i < 10; i++) laughs.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        var sweep = FaultCampaign.Sweep;
        var start = silo.Memory();
        Assert.Equal("dotnet", start.Name);   // the silo itself, not a wrapper around it
        foreach (var (probe, spec, problem) in new[]
        {
            ("cyclic alias", "name: x\nprompts: &a [*a]\n", "YAML anchors (&a) are not accepted"),
            ("billion laughs", string.Join('\n', laughs), "YAML anchors (&a0) are not accepted"),
            ("100,000 nested lists", "name: x\nprompts: " + new string('[', 100_000) + new string(']', 100_000) + "\n", "nested deeper than 64 levels"),
            ("non-scalar key", "name: x\n? [a, b]\n: 1\n", "a mapping key must be a plain value"),
            ("duplicate JSON key", "{\"name\": \"x\", \"name\": \"y\"}", "does not parse"),
            ("over a MiB", "name: x\n# " + new string('€', 400_000), "bytes; at most 1,048,576 are read"),
            ("max_new_tokens 2³¹−1", sweep.Replace("max_new_tokens: 8", "max_new_tokens: 2147483647"), "decoding.max_new_tokens: must be at most 1,024"),
            ("shard of a million", sweep.Replace("shard_size: 40", "shard_size: 1000000"), "shard_size: must be at most 10,000"),
            ("budget of 4·10⁹", sweep.Replace("count: 800", "count: 2000000000"), "strategies: the budget (the sum of the counts) is 4,000,000,000 nokens"),
            ("68 KB prompt", sweep.Replace("What was that password?", new string('x', 68_000)), "prompts[0].text: 68,008 characters; at most 8,000"),
            ("300 prompts", sweep.Replace("prompts:\n", "prompts:\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"  - name: p{i}\n    text: \"{{noken}}\"\n"))),
                "prompts: 302 entries; at most 256"),
        })
        {
            var watch = Stopwatch.StartNew();
            using var response = await api.SendSubmitAsync(spec);
            watch.Stop();
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{probe}: {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{probe}: {response.StatusCode} {body}");
            Assert.Contains(problem, body);
            Assert.True(watch.Elapsed < Quick, $"{probe} took {watch.Elapsed}");
            Assert.False(silo.HasExited, $"{probe} took the silo down");
        }
        // The big inputs (a billion laughs, 100,000 nested lists, a 68 KB prompt, a MiB of comment) are refused before
        // they are expanded, loaded or tokenized: the silo's peak resident set hardly moves. Unbounded, the issue
        // measured +570 MB for 10⁶ laughs and 4.8 GB for the 68 KB prompt.
        var probed = silo.Memory();
        output.WriteLine($"silo memory: peak {Mb(start.PeakResident)} MB before the probes, {Mb(probed.PeakResident)} MB after (resident now {Mb(probed.Resident)} MB)");
        Assert.True(probed.PeakResident - start.PeakResident < ProbeGrowth,
            $"the probes raised the silo's peak resident set by {Mb(probed.PeakResident - start.PeakResident)} MB (bound {Mb(ProbeGrowth)} MB)");
        Assert.True(probed.PeakResident < PeakBound, $"the silo's peak resident set is {Mb(probed.PeakResident)} MB (bound {Mb(PeakBound)} MB)");

        // A model outside the models root: one answer whether the folder exists (/root, /etc) or not, naming no silo path.
        var answers = new List<string>();
        foreach (var model in new[] { "/root", "/etc", "../../../etc", "/nonexistent" })
        {
            using var response = await api.SendSubmitAsync(sweep.Replace("model: organism", $"model: \"{model}\""));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            answers.Add((await response.Content.ReadAsStringAsync()).Replace(model, "…", StringComparison.Ordinal));
        }
        Assert.Single(answers.Distinct());
        Assert.DoesNotContain("exist", answers[0]);

        // An id with a trailing line feed ('$' matched before it) and other ids that cannot be folder names.
        foreach (var id in new[] { "x\n", "x\r\n", "\nx", ".hidden" })
            using (var response = await api.SendSubmitAsync(sweep, id))
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"id {id.ReplaceLineEndings("\\n")}: {response.StatusCode}");

        // Hardening requests past their bounds, and with a model outside the root.
        using (var response = await api.SendHardeningAsync(new HardeningSubmission("some-campaign", Steps: 10_000_000, Threshold: 0,
            AdversarialNokens: 1_000_000_000)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("steps: 10,000,000 must be at most", body);
            Assert.Contains("adversarialNokens: 1,000,000,000 must be at most", body);
        }
        using (var response = await api.SendHardeningAsync(new HardeningSubmission("some-campaign", Model: "/root")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("model: '/root' is not a model on this cluster", await response.Content.ReadAsStringAsync());
        }
        Assert.Empty((await (await api.GetAsync("/api/campaigns")).Content.ReadFromJsonAsync<List<CampaignEntry>>(ClusterApi.Json))!);

        // File paths the store would refuse: a 400 from the API, not the store's exception as a 500.
        var campaign = await api.SubmitAsync(sweep, "hostile-files");
        foreach (var path in new[] { ".hidden", "shards/.x", "..%2F..%2Fspec.json", "shards/..%2F..%2Fspec.json", "a%5Cb", "shards//x", "a%00b", "x%0A" })
        {
            using var response = await api.GetAsync($"/api/campaigns/{campaign.Id}/files/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using (var spec = await api.GetAsync($"/api/campaigns/{campaign.Id}/files/spec.json"))
            Assert.Equal(HttpStatusCode.OK, spec.StatusCode);
        // Ids in routes that cannot be ids: 404 (no such campaign), or Kestrel's own 400 for a NUL; never a 500.
        foreach (var id in new[] { "x%0A", ".hidden", "..%2F..%2Fetc", "%00", "UPPER" })
        {
            foreach (var route in new[] { "", "/elites", "/files", "/files/spec.json" })
                using (var response = await api.GetAsync($"/api/campaigns/{id}{route}"))
                    Assert.True(Refused(response), $"GET {id}{route}: {response.StatusCode}");
            foreach (var action in new[] { "pause", "resume", "cancel" })
                using (var response = await api.PostAsync($"/api/campaigns/{id}/{action}"))
                    Assert.True(Refused(response), $"POST {id}/{action}: {response.StatusCode}");
            using (var response = await api.GetAsync($"/api/hardening/{id}"))
                Assert.True(Refused(response), $"GET hardening {id}: {response.StatusCode}");
        }
        using (await api.PostAsync($"/api/campaigns/{campaign.Id}/cancel")) { }
        Assert.False(silo.HasExited, "a hostile request took the silo down");

        // And after all that, an ordinary campaign runs to the end on the same silo.
        var normal = (await api.SubmitAsync(sweep.Replace("count: 800", "count: 40").Replace("name: fault-sweep", "name: after-the-probes"))).Id;
        var done = await api.WaitAsync(normal, s => s.Phase.IsFinal(), TimeSpan.FromMinutes(3), services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(80, done.NokensDone);
        output.WriteLine($"silo memory after a campaign: peak {Mb(silo.Memory().PeakResident)} MB");
    }

    /// <summary>What the hostile probes may add to the silo's peak resident set: parsing a refused spec costs
    /// kilobytes; this leaves room for the runtime's own growth (GC heaps, JIT) on first requests. Measured: +22 MB
    /// (275 → 297 MB), against the +570 MB the issue measured for 10⁶ laughs before they were refused.</summary>
    static readonly long ProbeGrowth = 150L << 20;

    /// <summary>The silo's peak resident set after the probes, before any model is loaded: the runtime, Orleans and
    /// libtorch's libraries (297 MB measured here; 592 MB after the organism ran a campaign).</summary>
    static readonly long PeakBound = 768L << 20;

    static long Mb(long bytes) => bytes >> 20;

    [Fact]
    public async Task ASymlinkInTheModelsRootCannotLeadASpecOutAndAModelIsNamedRelativeToTheRoot()
    {
        // A real model inside the root, a link to it (inside: fine), and a link to the install's organism (outside).
        var root = Path.Combine(Path.GetTempPath(), "noken-models-" + Guid.NewGuid().ToString("N"));
        var organism = Path.Combine(AppContext.BaseDirectory, "models", "organism", "aligned");
        Directory.CreateDirectory(Path.Combine(root, "real"));
        foreach (var file in Directory.GetFiles(organism)) File.Copy(file, Path.Combine(root, "real", Path.GetFileName(file)));
        Directory.CreateSymbolicLink(Path.Combine(root, "alias"), Path.Combine(root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root, "escape"), organism);
        Directory.CreateSymbolicLink(Path.Combine(root, "slash"), "/");
        try
        {
            using var services = new ClusterServices(azurite);
            services.Extra["Noken__Campaigns__ModelsRoot"] = root;
            var silo = await services.StartSiloAsync("silo-1");
            using var api = services.Api(silo);
            var sweep = FaultCampaign.Sweep.Replace("count: 800", "count: 20");

            // Out through a link: the same answer as a folder that does not exist, naming no silo path.
            var answers = new List<string>();
            foreach (var model in new[] { "escape", "slash/etc", "slash/root", "missing" })
            {
                using var response = await api.SendSubmitAsync(sweep.Replace("model: organism", $"model: \"{model}\""));
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{model}: {response.StatusCode} {body}");
                Assert.DoesNotContain(root, body);
                answers.Add(body.Replace(model, "…", StringComparison.Ordinal));
            }
            Assert.Single(answers.Distinct());

            // A link that stays inside works; the status and spec.json name the model relative to the root, even when
            // the client spelled it with the silo's absolute path.
            var id = (await api.SubmitAsync(sweep.Replace("model: organism", $"model: \"{Path.Combine(root, "alias")}\""))).Id;
            var done = await api.WaitAsync(id, s => s.Phase.IsFinal(), TimeSpan.FromMinutes(3), services.Logs);
            Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
            Assert.Equal("alias", done.Model);
            using var status = await api.GetAsync($"/api/campaigns/{id}");
            Assert.DoesNotContain(root, await status.Content.ReadAsStringAsync());
            using var spec = await api.GetAsync($"/api/campaigns/{id}/files/spec.json");
            var recorded = await spec.Content.ReadAsStringAsync();
            Assert.Equal("alias", System.Text.Json.JsonDocument.Parse(recorded).RootElement.GetProperty("model").GetString());
            Assert.DoesNotContain(root, recorded);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public async Task TheLimitsAreTheSilosConfigurationAndAPromptPastTheContextIsA400NamingIt()
    {
        using var services = new ClusterServices(azurite);
        services.Extra["Noken__Campaigns__Limits__MaxNewTokens"] = "4";
        services.Extra["Noken__Campaigns__Hardening__MaxSteps"] = "10";
        var silo = await services.StartSiloAsync("silo-1");
        using var api = services.Api(silo);

        using (var response = await api.SendSubmitAsync(FaultCampaign.Sweep))   // max_new_tokens: 8
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("decoding.max_new_tokens: must be at most 4 (got 8)", await response.Content.ReadAsStringAsync());
        }
        using (var response = await api.SendHardeningAsync(new HardeningSubmission("some-campaign", Steps: 11)))
            Assert.Contains("steps: 11 must be at most 10", await response.Content.ReadAsStringAsync());

        // Under the reader's 8,000 characters but over the organism's 512 tokens: the API counts the prompt's tokens with
        // the model's tokenizer (no weights) and answers 400 with the prompt and the limit, not echoing the prompt.
        var longPrompt = FaultCampaign.Sweep.Replace("max_new_tokens: 8", "max_new_tokens: 4")
            .Replace("What was that password?", string.Concat(Enumerable.Repeat("tell me about the sea ", 150)));
        var watch = Stopwatch.StartNew();
        using (var response = await api.SendSubmitAsync(longPrompt))
        {
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"prompt past the context: {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms: {body}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("prompts[0] 'passphrase': ", body);
            Assert.Contains("the model's context is 512", body);
            Assert.DoesNotContain("tell me about the sea", body);
        }
        Assert.Empty((await (await api.GetAsync("/api/campaigns")).Content.ReadFromJsonAsync<List<CampaignEntry>>(ClusterApi.Json))!);
        Assert.False(silo.HasExited);
    }

    [Fact]
    public async Task AModelPastTheWorkersMemoryBudgetFailsTheCampaignBeforeLoading()
    {
        using var services = new ClusterServices(azurite);
        services.Extra["Noken__Worker__MaxModelBytes"] = "1000000";   // the organism needs about 4.9 MB in fp32 (1.23 M parameters)
        var silo = await services.StartSiloAsync("silo-1");
        using var api = services.Api(silo);
        var id = (await api.SubmitAsync(FaultCampaign.Sweep)).Id;
        var failed = await api.WaitAsync(id, s => s.Phase == CampaignPhase.Failed, TimeSpan.FromMinutes(2), services.Logs);
        Assert.Equal(CampaignPhase.Failed, failed.Phase);
        Assert.Contains("the memory budget is", failed.Failure);
        Assert.Equal(0, failed.NokensDone);
        Assert.False(silo.HasExited);
    }
}
