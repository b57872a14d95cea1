using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Noken.Grains.Telemetry;

/// <summary>
/// The value of the <c>campaign</c> label on every metric series: the campaign's id, or (hashed) the first 12 hex
/// digits of its SHA-256 — a key that tells series apart without naming the project a spec's name may give away.
/// </summary>
public sealed class CampaignLabels(bool hashed)
{
    public static CampaignLabels Ids { get; } = new(hashed: false);

    readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public bool Hashed => hashed;

    public string Of(string campaign) => hashed ? _hashes.GetOrAdd(campaign, Hash) : campaign;

    /// <summary>What <c>printf %s ID | sha256sum | cut -c1-12</c> prints.</summary>
    public static string Hash(string campaign) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(campaign)))[..12].ToLowerInvariant();
}
