using System.Diagnostics;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Attacks.Campaign;

/// <summary>
/// An attack campaign prepared on a replica: runs a leased range of units with <see cref="AttackRun"/>, exactly as
/// <c>noken attack</c> runs them (same units, same seeds, same check). On the replica's thread only; the model is the
/// replica's.
/// </summary>
public sealed class AttackWorkload(CampaignAttack attack, LoadedModel model)
{
    // Once per campaign on the replica, not once per shard: it reads the whole vocabulary.
    readonly Lazy<AttackRun.Preparation> _prepared = new(() => AttackRun.Prepare(model, attack.Options));

    public CampaignAttack Attack { get; } = attack;

    /// <param name="cancellation">Checked per unit and per optimisation step (the lease watch's token on a silo).</param>
    public AttackShardFile Run(long start, int count, CancellationToken cancellation = default)
    {
        if (start < 0 || count < 1 || start + count > Attack.Units)
            throw new ArgumentOutOfRangeException(nameof(start), $"units {start}..{start + count - 1} are outside the attack's 0..{Attack.Units - 1}");
        var clock = Stopwatch.StartNew();
        var only = Enumerable.Range((int)start, count).ToHashSet();
        var report = AttackRun.Execute(model, Attack.Goal, Attack.Options, only: only, prepared: _prepared.Value, cancellation: cancellation);
        return new AttackShardFile(Attack.Target, Attack.Options.MethodName, Attack.Options.MaxNewTokens, start, count, clock.Elapsed.TotalSeconds, report.Results);
    }
}
