using System.Diagnostics;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>A sweep-shaped workload: N nokens × P prompts, a fixed number of new tokens each (EOS ignored, so the
/// engine and the baseline do the same work).</summary>
public sealed record BenchmarkWorkload(int Nokens = 256, int Prompts = 4, int NewTokens = 16, int NaivePairs = 8, long Seed = 7);

/// <summary>
/// Measures the engine against the naive way of running the same workload, and against the plain matmul
/// throughput of the same dtype, in one process, so the ratios mean something on a noisy shared machine.
/// The naive baseline runs a subset of the pairs (it is slow by design) and is scaled per pair.
/// </summary>
public static class EngineBenchmark
{
    public static BenchmarkReport Run(LoadedModel loaded, string modelName, BenchmarkWorkload workload)
    {
        var model = loaded.Model;
        var prompts = Enumerable.Range(0, workload.Prompts)
            .Select(i => PromptTemplate.Defaults[i % PromptTemplate.Defaults.Count].Render(loaded.Tokenizer))
            .ToList();
        using var nokens = SampleNokens(loaded, workload);
        var decoding = new DecodingOptions { MaxNewTokens = workload.NewTokens, StopAtEos = false };

        // Warm-up on a small shard: first calls pay for allocator growth and kernel selection.
        using (var warm = nokens.narrow(0, 0, Math.Min(4, workload.Nokens)))
            new ShardGenerator(loaded).Run(new ShardRequest(warm, prompts.Take(1).ToList(), decoding with { MaxNewTokens = 2 }));

        var engine = new ShardGenerator(loaded);
        var clock = Stopwatch.StartNew();
        engine.Run(new ShardRequest(nokens, prompts, decoding));
        double engineSeconds = clock.Elapsed.TotalSeconds;

        var naive = new NaiveGenerator(loaded);
        int naivePairs = Math.Min(workload.NaivePairs, workload.Nokens * workload.Prompts);
        clock.Restart();
        for (int pair = 0; pair < naivePairs; pair++)
        {
            using var noken = nokens[pair / workload.Prompts];
            naive.Generate(noken, prompts[pair % workload.Prompts], workload.NewTokens);
        }
        double naiveSecondsPerPair = clock.Elapsed.TotalSeconds / Math.Max(naivePairs, 1);

        double pairs = (double)workload.Nokens * workload.Prompts;
        double nokensPerSecond = workload.Nokens / engineSeconds;
        double naiveNokensPerSecond = 1.0 / (naiveSecondsPerPair * workload.Prompts);
        double achieved = engine.Flops.Flops / engineSeconds / 1e9;
        double ceiling = MatmulBaseline.Gflops(model.ComputeDtype, model.Device);
        return new BenchmarkReport
        {
            Model = modelName,
            Dtype = model.ComputeDtype.ToString().ToLowerInvariant(),
            Parameters = model.Config.ParameterCount(),
            Nokens = workload.Nokens,
            Prompts = workload.Prompts,
            NewTokens = workload.NewTokens,
            Threads = torch.get_num_threads(),
            EngineSeconds = Significant(engineSeconds),
            NokensPerSecond = Significant(nokensPerSecond),
            PairsPerSecond = Significant(pairs / engineSeconds),
            GeneratedTokensPerSecond = Significant(engine.GeneratedTokens / engineSeconds),
            NaivePairsMeasured = naivePairs,
            NaiveNokensPerSecond = Significant(naiveNokensPerSecond),
            Speedup = Significant(nokensPerSecond / naiveNokensPerSecond),
            AchievedGflops = Significant(achieved),
            MatmulGflops = Significant(ceiling),
            Efficiency = Significant(achieved / ceiling),
        };
    }

    // Four significant digits: fixed decimals would print a small model's efficiency (0.0004) as 0.
    static double Significant(double value) =>
        value == 0 || !double.IsFinite(value) ? value : Math.Round(value, Math.Max(0, 3 - (int)Math.Floor(Math.Log10(Math.Abs(value)))));

    // Nokens from the embedding-fitted Gaussian, as a default sweep samples them.
    static Tensor SampleNokens(LoadedModel loaded, BenchmarkWorkload workload)
    {
        using var statistics = EmbeddingStatistics.Of(loaded);
        var recipe = new NokenRecipe(NokenStrategies.GaussianDiag, new Dictionary<string, double>(), workload.Seed);
        return NokenSamplers.Create(recipe, statistics, loaded.Config).SampleBatch(0, workload.Nokens);
    }
}
