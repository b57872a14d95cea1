using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Orleans.Noken.Grains;
using Orleans.Noken.Results;

namespace Orleans.Noken.Silo.Worker;

/// <summary>
/// Rewrites this silo's own folders out of a message that leaves the silo (a shard's or a hardening job's failure
/// becomes the campaign's or job's status, read by every client): a path under the models root, the results folder,
/// the install folder or the temporary folder becomes relative to it (<c>/srv/models/x/config.json</c> →
/// <c>x/config.json</c>), so a status names the file without showing where the silo keeps things. The silo's own log
/// keeps the full message.
/// </summary>
public sealed class SiloPaths
{
    readonly Regex[] _roots;

    public SiloPaths(IOptions<CampaignOptions> campaigns, CampaignStorage storage)
    {
        var roots = new List<string> { campaigns.Value.ModelsRoot, AppContext.BaseDirectory, Path.GetTempPath() };
        if (storage.Store is FolderResultStore folder) roots.Add(folder.Root);
        // Each as written and with its links resolved (a message may carry either); the longest first, so a root
        // inside another (runs/ under the working directory) is cut as a whole.
        _roots = roots.SelectMany(r => new[] { Path.GetFullPath(r), Engine.Campaigns.RealPath.Of(r) })
            .OfType<string>().Select(Path.TrimEndingDirectorySeparator).Where(r => r.Length > 1)
            .Distinct(StringComparer.Ordinal).OrderByDescending(r => r.Length)
            .Select(r => new Regex(@"(?<![\w.-])" + Regex.Escape(r) + @"(?:/+|(?![\w.-]))", RegexOptions.CultureInvariant)).ToArray();
    }

    /// <summary>The message with every path under one of the silo's folders relative to it (the folder itself: ".").</summary>
    public string Relative(string message)
    {
        foreach (var pattern in _roots)
            message = pattern.Replace(message, m => m.Value.EndsWith('/') ? "" : ".");
        return message;
    }
}
