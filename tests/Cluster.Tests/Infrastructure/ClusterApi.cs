using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>The silo's HTTP API as a test drives it: real HTTP, the bearer token, the records of the contract.</summary>
public sealed partial class ClusterApi(Uri baseAddress, string? token) : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    readonly HttpClient _http = Create(baseAddress, token);

    static HttpClient Create(Uri baseAddress, string? token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public Task<HttpResponseMessage> SendSubmitAsync(string spec, string? id = null) =>
        _http.PostAsJsonAsync("/api/campaigns", new CampaignSubmission(spec, id), Json);

    public async Task<CampaignStatus> SubmitAsync(string spec, string? id = null)
    {
        using var response = await SendSubmitAsync(spec, id);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CampaignStatus>(Json))!;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    /// <summary>A POST without a body: pause, resume, cancel.</summary>
    public Task<HttpResponseMessage> PostAsync(string path) => _http.PostAsync(path, content: null);

    public async Task<CampaignStatus> StatusAsync(string id) =>
        (await _http.GetFromJsonAsync<CampaignStatus>($"/api/campaigns/{id}", Json))!;

    public async Task<IReadOnlyList<EliteView>> ElitesAsync(string id) =>
        (await _http.GetFromJsonAsync<List<EliteView>>($"/api/campaigns/{id}/elites", Json))!;

    /// <summary>Polls until <paramref name="until"/> holds (or the campaign reaches a final phase), tolerating a silo
    /// that is restarting underneath the API.</summary>
    public async Task<CampaignStatus> WaitAsync(string id, Func<CampaignStatus, bool> until, TimeSpan timeout, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        CampaignStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await StatusAsync(id);
                if (until(last) || last.Phase.IsFinal()) return last;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"campaign {id} did not get there in {timeout}; last status: {JsonSerializer.Serialize(last, Json)}\n{context?.Invoke()}");
    }

    public void Dispose() => _http.Dispose();
}
