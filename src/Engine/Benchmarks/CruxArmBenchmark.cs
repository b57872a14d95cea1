using System.Diagnostics;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Attacks.Crux;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>One arm's speed: what it spent (forward-pass equivalents) in how long, and its rate against the random
/// sweep's in the same run.</summary>
public sealed record CruxArmSpeed(string Arm, long Spent, double Seconds, double EquivalentsPerSecond, double RatioToRandom);

/// <summary>
/// How fast each crux arm turns its budget into work on this machine: the crux compares arms at equal forward-pass
/// equivalents, and this says what that budget costs each in wall-clock time (a sweep's equivalent is a greedy decode
/// plus detectors and ground-truth grading; an attack's is a teacher-forced pass). Every arm runs the same units — the
/// goal's held-out paraphrases, one seed — with the same budget, after a short warm-up run each; the random sweep is the
/// baseline, in the same process.
/// </summary>
public static class CruxArmBenchmark
{
    public static IReadOnlyList<CruxArmSpeed> Run(LoadedModel loaded, AttackGoal goal, IReadOnlyList<CruxArm> arms, long budget)
    {
        var timed = new List<(string Arm, long Spent, double Seconds)>();
        foreach (var arm in arms)
        {
            One(loaded, goal, arm, Math.Min(budget, 100), seed: 1);                 // warm-up: first-call costs, allocator
            var clock = Stopwatch.StartNew();
            var spent = One(loaded, goal, arm, budget, seed: 2);
            timed.Add((arm.Name, spent, clock.Elapsed.TotalSeconds));
        }
        double Rate((string Arm, long Spent, double Seconds) t) => t.Spent / Math.Max(t.Seconds, 1e-9);
        var random = timed.FirstOrDefault(t => t.Arm == CruxArm.Random.Name);
        double baseline = random.Arm is null ? double.NaN : Rate(random);
        return timed.Select(t => new CruxArmSpeed(t.Arm, t.Spent, t.Seconds, Rate(t), Rate(t) / baseline)).ToList();
    }

    static long One(LoadedModel loaded, AttackGoal goal, CruxArm arm, long budget, long seed) =>
        CruxComparison.Run(loaded, goal, [arm], seeds: 1, budget, seed).Sum(r => r.Spent);
}
