using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>Hardening jobs through the API, and a campaign's files downloaded as <c>noken export</c> fetches them.</summary>
public sealed partial class ClusterApi
{
    public Task<HttpResponseMessage> SendHardeningAsync(HardeningSubmission submission) =>
        _http.PostAsJsonAsync("/api/hardening", submission, Json);

    public async Task<HardeningStatus> SubmitHardeningAsync(HardeningSubmission submission)
    {
        using var response = await SendHardeningAsync(submission);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<HardeningStatus>(Json))!;
    }

    public async Task<HardeningStatus> HardeningStatusAsync(string id) =>
        (await _http.GetFromJsonAsync<HardeningStatus>($"/api/hardening/{id}", Json))!;

    public async Task<IReadOnlyList<HardeningEntry>> HardeningJobsAsync() =>
        (await _http.GetFromJsonAsync<List<HardeningEntry>>("/api/hardening", Json))!;

    public async Task<HardeningStatus> CancelHardeningAsync(string id)
    {
        using var response = await PostAsync($"/api/hardening/{id}/cancel");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<HardeningStatus>(Json))!;
    }

    /// <summary>Polls until <paramref name="until"/> holds or the job is final, tolerating a silo that is going away.</summary>
    public async Task<HardeningStatus> WaitHardeningAsync(string id, Func<HardeningStatus, bool> until, TimeSpan timeout, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        HardeningStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await HardeningStatusAsync(id);
                if (until(last) || last.Phase.IsFinal()) return last;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);   // often enough to see a short training run mid-way
        }
        throw new TimeoutException($"hardening job {id} did not get there in {timeout}; last status: {JsonSerializer.Serialize(last, Json)}\n{context?.Invoke()}");
    }

    public async Task<IReadOnlyList<string>> FilesAsync(string campaign) =>
        (await _http.GetFromJsonAsync<List<string>>($"/api/campaigns/{campaign}/files", Json))!;

    /// <summary>Every file under <paramref name="prefix"/> of the campaign's files into <paramref name="folder"/>, flat.</summary>
    public async Task<IReadOnlyList<string>> DownloadAsync(string campaign, string prefix, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = (await FilesAsync(campaign)).Where(f => f.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var file in files)
            await File.WriteAllBytesAsync(Path.Combine(folder, file[prefix.Length..]), await _http.GetByteArrayAsync($"/api/campaigns/{campaign}/files/{file}"));
        return files.Select(f => f[prefix.Length..]).ToList();
    }
}
