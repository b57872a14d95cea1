using System.CommandLine;
using System.Text.Json;
using Orleans.Noken.Engine.Campaigns;
using Parquet.Serialization;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken rows FOLDER [--outcome CLASS] [--prompt NAME] [--limit N]</c>: a campaign folder's (noken × prompt) rows
/// as JSON lines, one object per row with the Parquet columns — for reading every hit without a Parquet reader
/// (<c>| jq</c>). Reads <c>FOLDER/shards/*.parquet</c>, as <c>noken run</c>, <c>sweep</c> and <c>export</c> write them.
/// </summary>
internal static class RowsCommand
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Build()
    {
        var folder = new Argument<string>("folder") { Description = "A campaign folder (its shards/ holds the Parquet files)" };
        var outcome = new Option<string?>("--outcome") { Description = "Only rows of this ground-truth outcome class (e.g. degraded, planted:secret_leak); \"unwanted\" for every class but swap and unchanged" };
        var prompt = new Option<string?>("--prompt") { Description = "Only rows of this prompt (its name in the spec, e.g. capital; every distance)" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows (0: all)", DefaultValueFactory = _ => 0 };
        var command = new Command("rows", "Print a campaign folder's (noken × prompt) rows as JSON lines") { folder, outcome, prompt, limit };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            var shards = Path.Combine(parse.GetValue(folder)!, LocalSweep.ShardsFolder);
            if (!Directory.Exists(shards)) throw new ArgumentException($"{shards} does not exist: not a campaign folder (from `noken run`, `noken sweep` or `noken export`)");
            int max = parse.GetValue(limit), written = 0;
            if (max < 0) throw new ArgumentException("--limit must be 0 (all) or more");
            var wanted = parse.GetValue(outcome);
            var promptName = parse.GetValue(prompt);
            foreach (var file in Directory.EnumerateFiles(shards, "*.parquet").Order(StringComparer.Ordinal))
            {
                using var stream = File.OpenRead(file);
                foreach (var row in ParquetSerializer.DeserializeAsync<NokenRow>(stream).GetAwaiter().GetResult().Data)
                {
                    if (wanted is not null && !(wanted == "unwanted" ? Engine.Outcomes.OutcomeClass.IsUnwanted(row.Outcome) : row.Outcome == wanted)) continue;
                    if (promptName is not null && row.Prompt != promptName) continue;
                    Console.WriteLine(JsonSerializer.Serialize(row, Json));
                    if (++written == max) return 0;
                }
            }
            return 0;
        }));
        return command;
    }
}
