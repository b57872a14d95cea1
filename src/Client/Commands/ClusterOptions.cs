using System.CommandLine;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Commands;

/// <summary>What every command that drives a cluster shares: the <c>--api</c> option, the campaign id argument, and
/// the one place that turns them into an API client. There is deliberately no <c>--token</c>: see
/// <see cref="ApiEndpoint"/>.</summary>
internal static class ClusterOptions
{
    public static Option<string?> Api() => new("--api")
    {
        Description = $"The cluster's API URL (default: env {ApiEndpoint.UrlVariable}, else {ApiEndpoint.DefaultUrl}); the token comes from env {ApiEndpoint.TokenVariable}",
    };

    public static Argument<string> CampaignId() => new("id") { Description = "The campaign's id (`noken list` shows them)" };

    public static NokenApiClient Connect(ParseResult parse, Option<string?> api) => new(ApiEndpoint.FromEnvironment(parse.GetValue(api)));

    /// <summary>Commands run synchronously, like the rest of the CLI; the API calls are async underneath.</summary>
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
