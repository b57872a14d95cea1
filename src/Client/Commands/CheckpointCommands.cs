using System.CommandLine;
using Orleans.Noken.Engine.Benchmarks;

namespace Orleans.Noken.Client.Commands;

/// <summary><c>noken checkpoint create</c>: a randomly initialised checkpoint of a named architecture, in the
/// Hugging Face layout, for trying the tools without downloading weights.</summary>
internal static class CheckpointCommands
{
    public static Command Build()
    {
        var shape = new Option<string>("--shape") { Description = $"Architecture: {string.Join(", ", ModelShapes.All.Keys)}", DefaultValueFactory = _ => "organism" };
        var output = new Option<string>("--out", "-o") { Description = "Folder to write", Required = true };
        var dtype = CommonOptions.Dtype();
        var seed = new Option<long>("--seed") { Description = "Initialisation seed", DefaultValueFactory = _ => 1234 };
        var shard = new Option<long?>("--max-shard-mb") { Description = "Split the weights into shards of at most this many MB" };
        var create = new Command("create", "Write a randomly initialised checkpoint") { shape, output, dtype, seed, shard };
        create.SetAction(parse => CommonOptions.Guard(() =>
        {
            var directory = parse.GetValue(output)!;
            GeneratedCheckpoint.Write(directory, new GeneratedCheckpoint.Request(
                ModelShapes.Get(parse.GetValue(shape)!),
                CommonOptions.ParseDtype(parse.GetValue(dtype)!),
                parse.GetValue(seed),
                parse.GetValue(shard) is { } mb ? mb * 1024 * 1024 : null));
            Console.WriteLine(directory);
            return 0;
        }));
        return new Command("checkpoint", "Create checkpoints") { create };
    }
}
