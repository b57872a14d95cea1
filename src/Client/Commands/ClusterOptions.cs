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

    /// <summary>The id, or nothing when <c>--out DIR</c> reads a local campaign folder instead.</summary>
    public static Argument<string?> OptionalCampaignId() => new("id") { Description = "The campaign's id on the cluster (`noken list` shows them); omit with --out", Arity = ArgumentArity.ZeroOrOne };

    public static Option<string?> LocalFolder() => new("--out", "-o") { Description = "Read a local campaign's output folder (from `noken run` or `sweep`) instead of a cluster" };

    /// <summary>Exactly one of an id and a folder.</summary>
    public static (string? Id, string? Folder) Target(ParseResult parse, Argument<string?> id, Option<string?> folder) =>
        (parse.GetValue(id), parse.GetValue(folder)) switch
        {
            ({ } i, null) => (i, null),
            (null, { } f) => (null, f),
            (null, null) => throw new ArgumentException("give a campaign id (on a cluster) or --out DIR (a local campaign folder)"),
            _ => throw new ArgumentException("give a campaign id or --out DIR, not both"),
        };

    public static NokenApiClient Connect(ParseResult parse, Option<string?> api) => new(ApiEndpoint.FromEnvironment(parse.GetValue(api)));

    /// <summary>Commands run synchronously, like the rest of the CLI; the API calls are async underneath.</summary>
    public static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
