using Orleans.Noken.Abstractions;

namespace Orleans.Noken.Grains;

/// <summary>The cluster's list of hardening jobs, persisted with the coordinators' state. Jobs record every phase
/// change here, so silo workers find unfinished jobs after a restart of the whole cluster.</summary>
[GenerateSerializer, Alias("noken.HardeningRegistryState")]
public sealed class HardeningRegistryState
{
    [Id(0)] public Dictionary<string, HardeningEntry> Jobs { get; set; } = [];
}

public sealed class HardeningRegistryGrain(
    [PersistentState("hardening-registry", CampaignGrain.StorageName)] IPersistentState<HardeningRegistryState> state)
    : Grain, IHardeningRegistryGrain
{
    public async Task RecordAsync(HardeningEntry entry)
    {
        if (state.State.Jobs.TryGetValue(entry.Id, out var known) && known == entry) return;
        state.State.Jobs[entry.Id] = entry;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<HardeningEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<HardeningEntry>>(state.State.Jobs.Values.OrderBy(j => j.Created).ThenBy(j => j.Id, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<string>> ActiveAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Jobs.Values.Where(j => !j.Phase.IsFinal())
            .OrderBy(j => j.Created).ThenBy(j => j.Id, StringComparer.Ordinal).Select(j => j.Id).ToList());
}
