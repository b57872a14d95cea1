using System.CommandLine;
using System.Text.Json;
using Orleans.Noken.Engine.Benchmarks;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken bench</c>: engine vs naive vs plain matmul on one workload, printed as one JSON object.</summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var model = CommonOptions.OptionalModel("A model folder (default: the embedded organism, or a generated checkpoint of --shape)");
        var shape = new Option<string?>("--shape") { Description = $"Run a randomly initialised checkpoint of this architecture: {string.Join(", ", ModelShapes.All.Keys)}" };
        var dtype = CommonOptions.Dtype();
        var nokens = new Option<int>("--nokens") { Description = "Nokens in the shard", DefaultValueFactory = _ => 256 };
        var prompts = new Option<int>("--prompts") { Description = "Prompts per noken", DefaultValueFactory = _ => 4 };
        var newTokens = new Option<int>("--new-tokens") { Description = "Tokens generated per pair", DefaultValueFactory = _ => 16 };
        var naivePairs = new Option<int>("--naive-pairs") { Description = "Pairs the naive baseline runs (scaled per pair)", DefaultValueFactory = _ => 8 };
        var command = new Command("bench", "Measure the engine against the naive way and the matmul ceiling")
        {
            model, shape, dtype, nokens, prompts, newTokens, naivePairs,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var workload = new BenchmarkWorkload(parse.GetValue(nokens), parse.GetValue(prompts), parse.GetValue(newTokens), parse.GetValue(naivePairs));
            if (workload.Nokens < 1 || workload.Prompts < 1 || workload.NewTokens < 1 || workload.NaivePairs < 1)
                throw new ArgumentException("--nokens, --prompts, --new-tokens and --naive-pairs must be at least 1");
            var computeDtype = CommonOptions.ParseDtype(parse.GetValue(dtype)!);
            var (directory, shapeName) = (parse.GetValue(model), parse.GetValue(shape));
            if (directory is not null && shapeName is not null) throw new ArgumentException("give --model or --shape, not both");
            var name = shapeName is not null ? $"generated:{shapeName}" : directory ?? "organism";
            // A generated model is stored in the compute dtype, as a real checkpoint of that dtype would be.
            directory = shapeName is not null ? GeneratedCheckpoint.Cached(shapeName, computeDtype) : directory ?? "organism";
            using var loaded = CommonOptions.Load(directory, parse.GetValue(dtype)!);
            var report = EngineBenchmark.Run(loaded, name, workload);
            Console.WriteLine(JsonSerializer.Serialize(report));
            return 0;
        }));
        return command;
    }
}
