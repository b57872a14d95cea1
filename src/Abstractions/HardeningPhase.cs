namespace Orleans.Noken.Abstractions;

/// <summary>
/// Where a hardening job is in its life. Pending until a silo leases it; Running while a silo trains (a lease that
/// lapses sends it back to Pending for another silo, which trains again from the start); Completed once every file of
/// the hardened checkpoint is in the result store; Failed when it cannot run (the reason is kept); Cancelled when someone
/// cancelled it (the silo training it stops within seconds, and it never runs again).
/// </summary>
public enum HardeningPhase
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

public static class HardeningPhases
{
    /// <summary>Completed, Failed and Cancelled: nothing will change any more.</summary>
    public static bool IsFinal(this HardeningPhase phase) => phase is HardeningPhase.Completed or HardeningPhase.Failed or HardeningPhase.Cancelled;
}
