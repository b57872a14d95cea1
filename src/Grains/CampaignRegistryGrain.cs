using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains;

/// <summary>The cluster's list of campaigns, persisted with the coordinators' state. Coordinators record every phase
/// change here, so silo workers find running campaigns after a restart of the whole cluster.</summary>
[GenerateSerializer, Alias("noken.RegistryState")]
public sealed class RegistryState
{
    [Id(0)] public Dictionary<string, CampaignEntry> Campaigns { get; set; } = [];
}

public sealed class CampaignRegistryGrain(
    [PersistentState("registry", CampaignGrain.StorageName)] IPersistentState<RegistryState> state) : Grain, ICampaignRegistryGrain
{
    public async Task RecordAsync(CampaignEntry entry)
    {
        if (state.State.Campaigns.TryGetValue(entry.Id, out var known) && known == entry) return;
        state.State.Campaigns[entry.Id] = entry;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<CampaignEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CampaignEntry>>(state.State.Campaigns.Values.OrderBy(c => c.Created).ThenBy(c => c.Id, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<string>> RunningAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Campaigns.Values.Where(c => c.Phase == CampaignPhase.Running)
            .OrderBy(c => c.Created).Select(c => c.Id).ToList());
}
