using Orleans.Configuration;

namespace Orleans.Noken.Silo.Hosting;

/// <summary>
/// The silo's defaults for Orleans' <see cref="ClusterMembershipOptions"/>, applied before the
/// <c>Noken:Membership</c> section is bound, so every one stays overridable (<c>Noken__Membership__ProbeTimeout=…</c>).
/// </summary>
/// <remarks>
/// Why not Orleans' own defaults: after every silo is lost (SIGKILL, a node pool gone), the membership table still
/// lists the dead silos Active, and a new silo joins only after it has validated connectivity with every Active entry,
/// so it must first vote them dead itself. A joining silo probes only entries that are stale (no IAmAlive for
/// <see cref="ClusterMembershipOptions.IAmAliveTablePublishTimeout"/> × <see cref="ClusterMembershipOptions.NumMissedTableIAmAliveLimit"/>,
/// 30 s × 3 by default) and declares one dead after <see cref="ClusterMembershipOptions.NumMissedProbesLimit"/> failed
/// probes, one each <see cref="ClusterMembershipOptions.ProbeTimeout"/> (5 s). At Orleans' defaults the first new silo
/// answered /healthz 95 s after its start (tools/cluster/recovery.sh); with these, 12 s.
/// The costs: one IAmAlive write to the table every 2 s per silo (a Redis HSET), and a silo that answers no probe for
/// about 6 s (three 2 s probes; Orleans widens the timeout up to 4× as probes slow, and a silo that sent anything
/// recently is not voted against) is suspected sooner than the 15 s Orleans waits. Under Kubernetes hosting a silo whose
/// pod is gone is declared dead by the pod watch anyway; these matter when the whole cluster went at once.
/// </remarks>
public static class MembershipDefaults
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
    public const int NumMissedTableIAmAliveLimit = 3;

    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
        options.NumMissedTableIAmAliveLimit = NumMissedTableIAmAliveLimit;
    }
}
