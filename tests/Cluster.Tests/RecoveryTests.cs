using System.Diagnostics;
using Orleans.Noken.Abstractions;
using Orleans.Noken.Results.Tests;
using Xunit.Abstractions;

namespace Orleans.Noken.Cluster.Tests;

/// <summary>
/// Losing every silo with the silo's own membership and lease defaults (no test tuning): the first new silo must join
/// and serve the API within 20 s of its start, and the campaign must finish with every row exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RecoveryTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    static readonly TimeSpan RecoveryGoal = TimeSpan.FromSeconds(20);

    /// <summary>What a silo may log from its start until the campaign it resumed completes: the reported silo logged
    /// ~8,000 lines in 3 minutes (every probe of a dead silo a warning with its stack trace).</summary>
    const int MaxLogLines = 300;

    [Fact]
    public async Task ANewSiloWithDefaultSettingsServesWithinTwentySecondsOfLosingEverySiloAndTheCampaignCompletesExactlyOnce()
    {
        using var services = new ClusterServices(azurite) { ProductionDefaults = true };
        var silos = new[] { await services.StartSiloAsync("silo-1"), await services.StartSiloAsync("silo-2") };
        string id;
        using (var api = services.Api(silos[0]))
        {
            id = (await api.SubmitAsync(FaultCampaign.Sweep)).Id;
            await api.WaitAsync(id, s => s.Progress >= 0.25, Patience, services.Logs);
        }
        foreach (var silo in silos) silo.Kill();

        var clock = Stopwatch.StartNew();
        var first = await services.StartSiloAsync("silo-3");
        var joined = clock.Elapsed;
        output.WriteLine($"after losing every silo, silo-3 answered /healthz {joined.TotalSeconds:F1} s after its start");
        using var after = services.Api(first);
        var resumed = await after.StatusAsync(id);
        var answered = clock.Elapsed;
        Assert.True(answered < RecoveryGoal, $"the API answered {answered.TotalSeconds:F1} s after the new silo's start (goal {RecoveryGoal.TotalSeconds} s)\n{first.Log}");
        Assert.NotEqual(CampaignPhase.Completed, resumed.Phase);

        var done = await after.WaitAsync(id, s => s.Phase == CampaignPhase.Completed, Patience, services.Logs);
        Assert.True(done.Phase == CampaignPhase.Completed, $"{done.Phase}: {done.Failure}\n{services.Logs()}");
        Assert.Equal(FaultCampaign.Budget, done.NokensDone);
        var audit = await ResultAudit.ReadAsync(azurite.Service, services.Container, id);
        audit.AssertExactlyOnce(FaultCampaign.Budget, FaultCampaign.Prompts, done.ShardsDone);

        var lines = first.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        output.WriteLine($"silo-3 logged {lines} lines from its start until the campaign completed");
        Assert.True(lines <= MaxLogLines, $"silo-3 logged {lines} lines (at most {MaxLogLines}):\n{first.Log}");
    }
}
