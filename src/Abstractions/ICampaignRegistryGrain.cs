namespace Orleans.Noken.Abstractions;

/// <summary>Every campaign of the cluster (one registry, key 0): what <c>noken list</c> shows and where silo workers
/// look for campaigns that need work.</summary>
public interface ICampaignRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or updates the campaign's line (coordinators call this on every phase change).</summary>
    Task RecordAsync(CampaignEntry entry);

    Task<IReadOnlyList<CampaignEntry>> ListAsync();

    /// <summary>Ids of the campaigns that are running, oldest first.</summary>
    Task<IReadOnlyList<string>> RunningAsync();
}
