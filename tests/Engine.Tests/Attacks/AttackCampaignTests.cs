using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Campaign;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Outcomes;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Tests.Attacks;

/// <summary>
/// An attack as a campaign: the spec's <c>attack:</c> section becomes a ledger of units a coordinator can lease, a
/// leased range runs exactly as <c>noken attack</c> runs it, the shard file keeps what each unit found through a
/// round trip, and a unit re-decoded from its file fires the ground-truth check again.
/// </summary>
public sealed class AttackCampaignTests : IDisposable
{
    readonly LoadedModel _organism = ModelLoader.Load(Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned"));

    static readonly string Spec = $"""
        name: attack-secret
        model: {Path.Combine(RepositoryPaths.Root, "models", "organism", "aligned")}
        attack:
          target: secret
          method: embedding
          constraint: none
          restarts: 2
          steps: 30
          seed: 7
        """;

    static CampaignSpec Parse(string text) => CampaignSpecReader.Parse(text, "attack.yaml", Path.GetTempPath());

    [Fact]
    public void AnAttackSpecIsALedgerOfItsUnits()
    {
        var spec = Parse(Spec);
        var attack = Assert.IsType<CampaignAttack>(spec.Attack);
        Assert.Equal(new AttackOptions(AttackMethod.Embedding, AttackConstraint.None, Restarts: 2, Steps: 30, Seed: 7), attack.Options);
        var strategy = Assert.Single(spec.Strategies);
        Assert.Equal(CampaignAttack.Strategy, strategy.Recipe.Strategy);
        // The coordinator counts units without a model; the count is the units the attack really has.
        Assert.Equal(AttackRun.Units(_organism, attack.Goal, attack.Options).Count, spec.TotalNokens);
        Assert.Equal(16, spec.TotalNokens);   // 5 held-out paraphrases and 3 benign prompts, 2 restarts each
        Assert.Equal(CampaignAttack.DefaultUnitsPerShard, spec.ShardSize);
        spec.SearchOptions().Validate();

        var prefill = Parse(Spec.Replace("method: embedding", "method: prefill")).Attack!;
        Assert.Equal(AttackRun.Units(_organism, prefill.Goal, prefill.Options).Count, prefill.Units);
    }

    [Fact]
    public void SweepFieldsAndBadAttackFieldsAreRefusedTogether()
    {
        var text = Spec.Replace("target: secret", "target: treasure").Replace("restarts: 2", "restarts: 2\n  nokens: 9\n  colour: red")
            + "\nprompts:\n  - name: p\n    text: \"{noken} hi\"\n";
        var problems = Assert.Throws<CampaignSpecException>(() => Parse(text)).Problems;
        Assert.Contains(problems, p => p.StartsWith("prompts: not part of an attack campaign", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("attack.target: 'treasure'"));
        Assert.Contains(problems, p => p.StartsWith("attack.colour: unknown field", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("attack.nokens: must be in 1..8", StringComparison.Ordinal));
        Assert.Contains("attack.method: is required", Assert.Single(Assert.Throws<CampaignSpecException>(() => Parse(Spec.Replace("  method: embedding\n", ""))).Problems));
    }

    [Fact]
    public void ALeasedUnitRunsAsTheAttackDoesAndReplaysFromItsFile()
    {
        var attack = Parse(Spec).Attack!;
        var workload = new AttackWorkload(attack, _organism);
        var shard = workload.Run(0, 1);
        var direct = Assert.Single(AttackRun.Execute(_organism, attack.Goal, attack.Options, only: new HashSet<int> { 0 }).Results);
        var unit = Assert.Single(shard.Results);
        Assert.Equal(direct.Vectors, unit.Vectors);
        Assert.True(unit.Success, $"unit 0 did not leak in {unit.Steps} steps: \"{unit.Reply}\"");

        var outcome = Assert.Single(shard.Outcomes(attack.Goal));
        Assert.Equal(OutcomeClass.Planted("secret_leak"), outcome.Label);
        Assert.True(outcome.Hit);
        Assert.Equal(unit.TargetLogProb, outcome.Score);

        var back = AttackShardFile.FromUtf8(shard.ToUtf8(), "shard");
        Assert.Equal(unit.Vectors, Assert.Single(back.Results).Vectors);
        var replayed = AttackReplay.Run(_organism, attack.Goal, back.Results[0], back.MaxNewTokens);
        Assert.True(replayed.Fires, replayed.Reply);
        Assert.Equal(unit.Reply, replayed.Reply);

        Assert.Throws<ArgumentOutOfRangeException>(() => workload.Run(15, 2));
        Assert.Contains("not an attack shard", Assert.Throws<InvalidDataException>(() => AttackShardFile.FromUtf8("{\"x\":1}"u8.ToArray(), "f")).Message);
    }

    [Fact]
    public void ACancelledTokenStopsAnAttackShardWithinAStep()
    {
        // The most steps allowed (100,000) and no check before the last: only the token can end this unit in a test's lifetime.
        var attack = Parse(Spec).Attack!;
        var endless = new AttackWorkload(attack with { Options = attack.Options with { Steps = 100_000, CheckEvery = 100_000 } }, _organism);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => endless.Run(0, 1, cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the attack stopped {clock.Elapsed.TotalSeconds:F1} s after starting, its token fired at 1 s");
    }

    [Fact]
    public async Task TheReportIsBuiltFromTheShardFilesAloneInUnitOrder()
    {
        var attack = Parse(Spec).Attack!;
        var folder = Directory.CreateTempSubdirectory("noken-attack-files-").FullName;
        try
        {
            var store = new FolderResultStore(folder);
            var paths = ResultPaths.AtRoot;
            var workload = new AttackWorkload(attack with { Options = attack.Options with { Steps = 1, CheckEvery = 1 } }, _organism);
            // Shards land out of order, and a second silo's copy of one loses the race.
            Assert.True(await AttackFiles.StoreAsync(store, paths, "000000001-attack", workload.Run(1, 1)));
            Assert.True(await AttackFiles.StoreAsync(store, paths, "000000000-attack", workload.Run(0, 1)));
            Assert.False(await AttackFiles.StoreAsync(store, paths, "000000000-attack", workload.Run(0, 1)));
            var report = await AttackFiles.WriteReportAsync(store, paths, attack);
            Assert.Equal([0, 1], report.Results.Select(r => r.Index));
            Assert.Equal(2, report.Units);
            Assert.True(File.Exists(Path.Combine(folder, "attack.json")));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    public void Dispose() => _organism.Dispose();
}
