using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Noken.Abstractions;
using Http = Microsoft.AspNetCore.Http.Results;

namespace Orleans.Noken.Silo.Api;

/// <summary>
/// Hardening jobs over HTTP, behind the same bearer token as the campaigns: POST <c>/api/hardening</c> queues one (400
/// with every problem by field, 404 for an unknown source campaign, 409 when it is not Completed or the id is taken by
/// other settings), GET <c>/api/hardening</c> lists every job, GET <c>/api/hardening/{id}</c> follows one, POST
/// <c>/api/hardening/{id}/cancel</c> ends it Cancelled (as a campaign's cancel: the status after, 404 for an unknown
/// id; a job already final stays as it is), and the silo training it stops within seconds. The hardened checkpoint is downloaded as the source
/// campaign's files (<c>/api/campaigns/{campaign}/files/hardened/{id}/…</c>).
/// </summary>
public static class HardeningApi
{
    public static RouteGroupBuilder MapHardeningApi(this WebApplication app)
    {
        var jobs = app.MapGroup("/api/hardening");
        jobs.MapPost("/", SubmitAsync);
        jobs.MapGet("/", (IGrainFactory grains) => grains.GetGrain<IHardeningRegistryGrain>(0).ListAsync());
        jobs.MapGet("/{id}", async (string id, IGrainFactory grains) =>
            CampaignIds.Problem(id) is null && await grains.GetGrain<IHardeningGrain>(id).GetStatusAsync() is { } status
                ? Http.Ok(status) : Unknown(id));
        jobs.MapPost("/{id}/cancel", async (string id, IGrainFactory grains) =>
            CampaignIds.Problem(id) is null && await grains.GetGrain<IHardeningGrain>(id).CancelAsync() is { } status
                ? Http.Ok(status) : Unknown(id));
        return jobs;
    }

    static IResult Unknown(string id) => Http.NotFound(new ApiError($"no hardening job with id '{id}'"));

    static async Task<IResult> SubmitAsync(HardeningSubmission submission, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(submission?.Campaign)) return Http.BadRequest(new ProblemList(["campaign: is empty"]));
        var id = submission.Id ?? CampaignIds.FromName(submission.Campaign,
            $"hardened-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant()}");
        if (CampaignIds.Problem(id) is { } problem) return Http.BadRequest(new ProblemList([problem]));
        var outcome = await grains.GetGrain<IHardeningGrain>(id).SubmitAsync(submission with { Id = id });
        return outcome.Refusal switch
        {
            HardeningRefusal.None => Http.Created($"/api/hardening/{id}", outcome.Status),
            HardeningRefusal.UnknownCampaign => Http.NotFound(new ApiError(string.Join("; ", outcome.Problems))),
            HardeningRefusal.Conflict => Http.Conflict(new ProblemList(outcome.Problems)),
            _ => Http.BadRequest(new ProblemList(outcome.Problems)),
        };
    }
}
