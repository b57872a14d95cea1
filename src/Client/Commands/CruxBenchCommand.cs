using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Crux;
using Orleans.Noken.Engine.Benchmarks;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken crux-bench</c>: forward-pass equivalents per second of each crux arm, with the random sweep's
/// rate beside it in the same run — what "equal budget" costs each arm in time.</summary>
internal static class CruxBenchCommand
{
    public static Command Build()
    {
        var model = CommonOptions.Model();
        var target = new Option<string>("--target") { Description = "secret, hostile or loop (hostile: attacks rarely stop early)", DefaultValueFactory = _ => "hostile" };
        var arms = new Option<string>("--arms") { Description = "Comma-separated arms; random-nokens is always run as the baseline", DefaultValueFactory = _ => "unwanted_score,target_likelihood,embedding-shell-1,embedding-shell-4,gcg-4" };
        var budget = new Option<long>("--budget") { Description = "Forward-pass equivalents per unit", DefaultValueFactory = _ => 500 };
        var command = new Command("crux-bench", "Speed of each crux arm in forward-pass equivalents per second, against the random sweep in the same run")
        {
            model, target, arms, budget,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (parse.GetValue(budget) is < 1 or > 1_000_000) throw new ArgumentException("--budget must be in 1..1000000");
            var goal = AttackGoal.Parse(parse.GetValue(target)!);
            var chosen = parse.GetValue(arms)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(CruxArm.Parse).Prepend(CruxArm.Random).Distinct().ToList();
            using var loaded = CommonOptions.Load(parse.GetValue(model)!, "fp32");
            Console.WriteLine($"{"arm",-34} {"spent",8} {"seconds",8} {"equiv/s",9} {"× random",9}");
            foreach (var s in CruxArmBenchmark.Run(loaded, goal, chosen, parse.GetValue(budget)))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Arm,-34} {s.Spent,8} {s.Seconds,8:F1} {s.EquivalentsPerSecond,9:F1} {s.RatioToRandom,9:F2}"));
            return 0;
        }));
        return command;
    }
}
