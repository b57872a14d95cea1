using System.CommandLine;
using Orleans.Noken.Silo.Benchmarks;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken cluster-bench</c>: orchestration overhead — the same campaign through the engine alone and through a
/// silo, in the same run; the goal is a ratio of at least 0.9.
/// </summary>
internal static class ClusterBenchCommand
{
    public static Command Build()
    {
        var spec = new Option<string?>("--spec") { Description = "Campaign spec to run (default: 5,000 nokens, one short prompt, 8 new tokens, on the organism)" };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds of each arm (the best of each is compared)", DefaultValueFactory = _ => 2 };
        var command = new Command("cluster-bench", "Orchestration overhead: cluster throughput ÷ engine throughput on the same campaign") { spec, rounds };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (parse.GetValue(rounds) < 1) throw new ArgumentException("--rounds must be at least 1");
            var text = parse.GetValue(spec) is { } path ? File.ReadAllText(path) : OverheadBenchmark.DefaultSpec;
            var folder = Path.Combine(Path.GetTempPath(), "noken-cluster-bench-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var result = OverheadBenchmark.RunAsync(text, folder, parse.GetValue(rounds), Console.WriteLine).GetAwaiter().GetResult();
                Console.WriteLine($"engine (LocalSweep, baseline): best {result.Engine.Max(a => a.NokensPerSecond):F0} nokens/s over {result.Engine.Count} round(s)");
                Console.WriteLine($"cluster (in-process silo):     best {result.Cluster.Max(a => a.NokensPerSecond):F0} nokens/s over {result.Cluster.Count} round(s); silo start-up {result.SiloStartSeconds:F1} s, not counted");
                Console.WriteLine($"ratio cluster/engine: {result.Ratio:F3} (goal ≥ 0.9)");
                return 0;
            }
            finally
            {
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
        }));
        return command;
    }
}
