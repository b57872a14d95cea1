using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Grains;
using Orleans.Noken.Silo.Telemetry;
using Http = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Silo.Api;

/// <summary>
/// The HTTP API every silo co-hosts, so a CLI outside the cluster reaches any campaign through one port. Everything
/// under <c>/api</c> needs the bearer token (401 and nothing else without it), and so does <c>/metrics</c> unless
/// opened (<see cref="TelemetryOptions"/>); <c>/healthz</c> is open for probes.
/// A bad spec gets 400 with every problem by field; an unknown campaign 404.
/// </summary>
public static class CampaignApi
{
    public static WebApplication MapNokenApi(this WebApplication app)
    {
        var token = app.Services.GetService<BearerToken>();
        if (token is null) return app;   // the API is disabled on this silo
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.Use((context, next) => token.Enforce(context, next)));
        app.MapGet("/healthz", () => Http.Text("ok"));
        app.MapNokenMetrics(token);

        var campaigns = app.MapGroup("/api/campaigns");
        campaigns.MapPost("/", SubmitAsync);
        campaigns.MapGet("/", (IGrainFactory grains) => grains.GetGrain<ICampaignRegistryGrain>(0).ListAsync());
        campaigns.MapGet("/{id}", async (string id, IGrainFactory grains) => Found(id, await grains.GetGrain<ICampaignGrain>(id).GetStatusAsync()));
        campaigns.MapPost("/{id}/pause", async (string id, IGrainFactory grains) => Found(id, await grains.GetGrain<ICampaignGrain>(id).PauseAsync()));
        campaigns.MapPost("/{id}/resume", async (string id, IGrainFactory grains) => Found(id, await grains.GetGrain<ICampaignGrain>(id).ResumeAsync()));
        campaigns.MapPost("/{id}/cancel", async (string id, IGrainFactory grains) => Found(id, await grains.GetGrain<ICampaignGrain>(id).CancelAsync()));
        campaigns.MapGet("/{id}/elites", async (string id, IGrainFactory grains) =>
            await Exists(grains, id) ? Http.Ok(await grains.GetGrain<ICampaignGrain>(id).GetElitesAsync()) : Unknown(id));
        campaigns.MapGet("/{id}/files", ListFilesAsync);
        campaigns.MapGet("/{id}/files/{**path}", ReadFileAsync);
        app.MapHardeningApi();
        return app;
    }

    /// <summary>Enums as their names in every API response (the CLI reads "Running", not 1).</summary>
    public static IServiceCollection AddNokenApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

    static async Task<IResult> SubmitAsync(CampaignSubmission submission, IGrainFactory grains, Grains.CampaignStorage storage,
        Microsoft.Extensions.Options.IOptions<CampaignOptions> options)
    {
        if (string.IsNullOrWhiteSpace(submission?.Spec)) return Http.BadRequest(new ProblemList(["spec: is empty"]));
        CampaignSpec spec;
        try
        {
            spec = options.Value.ReadSpec(submission.Spec, "spec");
            PromptFit.Check(spec);   // prompt tokens vs the model's context: the spec reader cannot count tokens
        }
        catch (CampaignSpecException e) { return Http.BadRequest(new ProblemList(e.Problems)); }
        var id = submission.Id ?? CampaignIds.FromName(spec.Name, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant()}");
        if (CampaignIds.Problem(id) is { } problem) return Http.BadRequest(new ProblemList([problem]));
        var outcome = await grains.GetGrain<ICampaignGrain>(id).SubmitAsync(submission with { Id = id });
        if (outcome.Accepted) return Http.Created($"/api/campaigns/{id}", outcome.Status);
        // The spec parsed here, so a refusal is about the id (taken by another spec) or the search options.
        return outcome.Problems.All(p => p.StartsWith("id:", StringComparison.Ordinal))
            ? Http.Conflict(new ProblemList(outcome.Problems))
            : Http.BadRequest(new ProblemList(outcome.Problems));
    }

    static async Task<IResult> ListFilesAsync(string id, IGrainFactory grains, Grains.CampaignStorage storage)
    {
        if (!await Exists(grains, id)) return Unknown(id);
        var prefix = storage.PathsOf(id).Prefix;
        var paths = await storage.Store.ListAsync(prefix);
        return Http.Ok(paths.Select(p => p[prefix.Length..]).ToList());
    }

    static async Task<IResult> ReadFileAsync(string id, string path, IGrainFactory grains, Grains.CampaignStorage storage)
    {
        if (!await Exists(grains, id)) return Unknown(id);
        // Paths are keys in the store, but the folder store maps them to files: nothing may climb out. The store's own
        // rules decide (no '.'-segment, no '\\', no control character), here, so a path it would refuse is a 400, not a 500.
        if (Results.ResultPath.Problem(path) is { } problem)
            return Http.BadRequest(new ProblemList([$"path: '{path}' is not a file path of the campaign ({problem})"]));
        var bytes = await storage.Store.ReadAsync(storage.PathsOf(id).Prefix + path);
        return bytes is null ? Http.NotFound(new ApiError($"campaign {id} has no file {path}")) : Http.Bytes(bytes, "application/octet-stream");
    }

    static async Task<bool> Exists(IGrainFactory grains, string id) =>
        CampaignIds.Problem(id) is null && await grains.GetGrain<ICampaignGrain>(id).GetStatusAsync() is not null;

    static IResult Found(string id, CampaignStatus? status) => status is null ? Unknown(id) : Http.Ok(status);

    static IResult Unknown(string id) => Http.NotFound(new ApiError($"no campaign with id '{id}'"));
}

/// <summary>A 400 or 409 body: every problem, by field.</summary>
public sealed record ProblemList(IReadOnlyList<string> Problems);

/// <summary>Any other error body.</summary>
public sealed record ApiError(string Error);
