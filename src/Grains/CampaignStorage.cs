using Orleans.Noken.Results;

namespace Orleans.Noken.Grains;

/// <summary>
/// The result store the cluster writes to and where each campaign lives in it: <c>campaigns/{id}/…</c> in a store
/// shared by many campaigns (the cluster's blob container), or the root of a store dedicated to one campaign
/// (<c>noken run --out DIR</c>, which writes the layout <c>noken sweep</c> always wrote).
/// </summary>
/// <param name="description">How to name the store to a user (never with secrets in it).</param>
public sealed class CampaignStorage(IResultStore store, string description, bool singleCampaign = false)
{
    public IResultStore Store { get; } = store;

    public ResultPaths PathsOf(string campaign) => singleCampaign ? ResultPaths.AtRoot : ResultPaths.ForCampaign(campaign);

    /// <summary>The campaign's folder as a user would name it (for status lines).</summary>
    public string Describe(string campaign) => $"{description} {PathsOf(campaign).Prefix}".TrimEnd();
}
