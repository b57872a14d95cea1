using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Campaigns;

namespace Orleans.Noken.Silo.Worker;

/// <summary>A campaign ready to run on the replica: a sweep (or search) workload, or an attack's.</summary>
public sealed record PreparedCampaign(CampaignWorkload? Sweep, AttackWorkload? Attack) : IDisposable
{
    public void Dispose() => Sweep?.Dispose();
}
