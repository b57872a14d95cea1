using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>One benchmark run: the engine, the naive baseline and the matmul ceiling, measured in the same process.</summary>
public sealed record BenchmarkReport
{
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("dtype")] public required string Dtype { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    [JsonPropertyName("nokens")] public required int Nokens { get; init; }
    [JsonPropertyName("prompts")] public required int Prompts { get; init; }
    [JsonPropertyName("new_tokens")] public required int NewTokens { get; init; }
    [JsonPropertyName("threads")] public required int Threads { get; init; }
    [JsonPropertyName("engine_seconds")] public required double EngineSeconds { get; init; }
    [JsonPropertyName("nokens_per_s")] public required double NokensPerSecond { get; init; }
    [JsonPropertyName("pairs_per_s")] public required double PairsPerSecond { get; init; }
    [JsonPropertyName("generated_tokens_per_s")] public required double GeneratedTokensPerSecond { get; init; }
    [JsonPropertyName("naive_pairs_measured")] public required int NaivePairsMeasured { get; init; }
    [JsonPropertyName("naive_nokens_per_s")] public required double NaiveNokensPerSecond { get; init; }
    [JsonPropertyName("speedup")] public required double Speedup { get; init; }
    [JsonPropertyName("achieved_gflops")] public required double AchievedGflops { get; init; }
    [JsonPropertyName("matmul_gflops")] public required double MatmulGflops { get; init; }
    [JsonPropertyName("efficiency")] public required double Efficiency { get; init; }
}
