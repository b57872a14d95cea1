using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Orleans.Noken.Cluster.Tests;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary>
/// One real silo process (<c>dotnet noken-silo.dll</c>) shared by a test class: localhost clustering, file grain
/// state and a folder result store in a temp folder, a random API token, free ports. Tests drive it with the real
/// <c>noken</c> CLI as a child process, with <c>NOKEN_API_URL</c> and <c>NOKEN_API_TOKEN</c> set as a user would.
/// The first test that needs a finished campaign runs one (<see cref="Completed"/>); the rest reuse it.
/// </summary>
public sealed class ClusterSilo : IAsyncLifetime
{
    /// <summary>No command should take this long; one that does is killed and the test fails with its output.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public const string CompletedId = "e2e-tiny";
    public const int CompletedNokens = 200;

    readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
    readonly Lazy<CompletedCampaign> _completed;
    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    SiloProcess? _silo;

    public ClusterSilo() => _completed = new Lazy<CompletedCampaign>(RunCompletedCampaign);

    /// <summary>Specs, exports and everything the silo writes live under here.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("noken-cli-e2e-").FullName;

    public string Store => Path.Combine(Folder, "store");
    public Uri Api => Silo.Api;
    public string Token => _token;
    SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync("e2e-silo", SiloEnvironment(Folder, _token));
        _http.BaseAddress = Silo.Api;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        _http.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    /// <summary>The CLI with the cluster's URL and token in its environment.</summary>
    public NokenProcess.Result Noken(params string[] arguments) => NokenWithToken(_token, arguments);

    /// <param name="token">What NOKEN_API_TOKEN holds; empty for none.</param>
    public NokenProcess.Result NokenWithToken(string token, params string[] arguments) =>
        NokenProcess.RunWith(CliEnvironment(Api, token), CommandTimeout, arguments);

    /// <summary>A single silo needing no services: localhost clustering, grain state in <c>FOLDER/state</c>, results
    /// in <c>FOLDER/store</c>, model names resolved under <paramref name="folder"/>.</summary>
    public static Dictionary<string, string> SiloEnvironment(string folder, string token) => new()
    {
        ["NOKEN_API_TOKEN"] = token,
        ["Noken__Silo__Clustering"] = "Localhost",
        ["Noken__Silo__GrainState"] = "File",
        ["Noken__Silo__StateFolder"] = Path.Combine(folder, "state"),
        ["ResultStore__Kind"] = "Folder",
        ["ResultStore__Folder"] = Path.Combine(folder, "store"),
        ["Noken__Campaigns__ModelsRoot"] = folder,
        // An idle worker asks for work this often: a new campaign starts within a fifth of a second.
        ["Noken__Worker__PollInterval"] = "00:00:00.200",
    };

    /// <summary>What a user of the cluster sets: where the API is and its token.</summary>
    public static Dictionary<string, string> CliEnvironment(Uri api, string token) => new()
    {
        ["NOKEN_API_URL"] = api.ToString(),
        ["NOKEN_API_TOKEN"] = token,
        ["NOKEN_TORCH_THREADS"] = "1",
    };

    /// <summary>The campaign's folder in the silo's result store.</summary>
    public string CampaignFolder(string id) => Path.Combine(Store, "campaigns", id);

    /// <summary>The store's folders of campaigns whose id starts with <paramref name="prefix"/> (a generated id is the
    /// spec's name and a timestamp).</summary>
    public IReadOnlyList<string> CampaignFolders(string prefix)
    {
        var campaigns = Path.Combine(Store, "campaigns");
        return Directory.Exists(campaigns) ? Directory.GetDirectories(campaigns, prefix + "*") : [];
    }

    public string WriteSpec(string fileName, string text) => EndToEndSpecs.Write(Folder, fileName, text);

    /// <summary>The status straight from the API, for the waits between commands (the CLI is what the tests assert on).</summary>
    public async Task<JsonElement> StatusAsync(string id)
    {
        using var response = await _http.GetAsync($"api/campaigns/{id}");
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    /// <summary>Polls the API until <paramref name="done"/> holds; fails with the last status and the silo's log.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await StatusAsync(id);
            if (done(status)) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"campaign {id}: {what} did not happen; last status {status}\n{Describe()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The silo's log, for assertion messages.</summary>
    public string Describe() => $"--- silo log\n{Silo.Log}";

    /// <summary>Submitted with <c>--id</c> and followed with <c>watch</c> until it completed: the submit and watch
    /// outputs are what the submit/watch test asserts on.</summary>
    public CompletedCampaign Completed => _completed.Value;

    CompletedCampaign RunCompletedCampaign()
    {
        var spec = WriteSpec("tiny.yaml", EndToEndSpecs.Tiny(CompletedId, perStrategy: CompletedNokens / 2));
        var submit = Noken("submit", spec, "--id", CompletedId);
        if (submit.ExitCode != 0) throw new InvalidOperationException($"submit failed: {submit}\n{Describe()}");
        var watch = Noken("watch", CompletedId, "--interval", "0.3");
        return new CompletedCampaign(CompletedId, submit, watch);
    }
}

public sealed record CompletedCampaign(string Id, NokenProcess.Result Submit, NokenProcess.Result Watch);
