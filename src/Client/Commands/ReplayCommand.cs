using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Client.Cluster;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken replay NOKEN_ID --campaign ID|DIR [--model PATH]</c> (a cluster campaign, or a local results folder), or offline <c>noken replay --recipe R --index N --spec
/// FILE</c>: regenerates one noken from its recipe and runs it through the campaign's prompts on this machine, with
/// the campaign's decoding and detectors, through the same <see cref="CampaignWorkload"/> a silo runs. Only the
/// recipe and the spec cross the network; the noken itself is recomputed bit for bit.
/// </summary>
internal static class ReplayCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var nokenId = new Argument<string?>("noken") { Description = "A cluster noken id SHARD/INDEX, as `noken results` prints it", Arity = ArgumentArity.ZeroOrOne };
        var campaign = new Option<string?>("--campaign", "-c") { Description = "The campaign the noken belongs to: a cluster campaign id, or a local results folder (what `noken sweep` or `noken run` wrote)" };
        var model = CommonOptions.OptionalModel("Model folder to run (default: the campaign's model if this machine has it); \"organism\" for the embedded organism");
        var recipe = new Option<string?>("--recipe") { Description = "Offline: the recipe JSON, or a file holding it or a shard's .summary.json" };
        var index = new Option<long?>("--index") { Description = "Offline: the noken's index in the recipe" };
        var spec = new Option<string?>("--spec") { Description = "Offline: the campaign spec (YAML or JSON), or a campaign's spec.json" };
        var attack = new Option<string?>("--attack") { Description = "Offline: an attack report (noken attack --json, a campaign's attack.json) or attack shard file" };
        var unit = new Option<int?>("--unit") { Description = "Offline, with --attack: the unit's index" };
        var command = new Command("replay", "Rerun one noken (or attack unit) of a campaign locally: its continuation and ground-truth outcome per prompt, and its objective score")
        {
            nokenId, campaign, model, recipe, index, spec, attack, unit, api,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (AttackInput(parse, api, parse.GetValue(nokenId), parse.GetValue(campaign), parse.GetValue(attack), parse.GetValue(unit)) is { } attackInput)
                return ReplayAttack(attackInput, parse.GetValue(model));
            var input = Input(parse, api, parse.GetValue(nokenId), parse.GetValue(campaign), parse.GetValue(recipe), parse.GetValue(index), parse.GetValue(spec));
            var (folder, why) = ReplayModel.Choose(input.Spec.Model, parse.GetValue(model), Environment.CurrentDirectory, Directory.Exists);
            Console.WriteLine($"noken {input.NokenId}: {input.Recipe}, index {input.Index}");
            Console.WriteLine($"model: {folder} ({why})");
            // Default load options, as the sweep and the silo workers load: a replay in another dtype would not replay.
            using var loaded = ModelLoader.Load(folder);
            using var workload = new CampaignWorkload(input.Spec, loaded);
            var result = workload.Run(input.Recipe, input.Index, 1, _ => input.NokenId);
            Print(input, result);
            return 0;
        }));
        return command;
    }

    /// <summary>An attack unit to replay: offline from <c>--attack FILE --unit N</c>, or a cluster id of an attack
    /// campaign; null for a sweep's noken.</summary>
    static AttackReplayInput? AttackInput(ParseResult parse, Option<string?> api, string? nokenId, string? campaign, string? attack, int? unit)
    {
        if (attack is not null || unit is not null)
        {
            if (attack is null || unit is null) throw new ArgumentException("--attack FILE and --unit N go together");
            if (nokenId is not null || campaign is not null) throw new ArgumentException("--attack replays from a file; a cluster unit replays as UNIT_ID --campaign ID");
            return AttackReplayInput.Offline(attack, unit.Value);
        }
        if (nokenId is null || campaign is null) return null;
        var id = NokenId.Parse(nokenId);
        if (IsFolder(campaign)) return AttackReplayInput.TryFromFolder(campaign, id);
        using var client = ClusterOptions.Connect(parse, api);
        return ClusterOptions.Wait(AttackReplayInput.TryFromClusterAsync(client, campaign, id));
    }

    /// <summary>Re-decodes the unit's vectors (or tokens) through the sweep path and checks the goal again.</summary>
    static int ReplayAttack(AttackReplayInput input, string? modelOption)
    {
        var (folder, why) = input.Model is { } specModel ? ReplayModel.Choose(specModel, modelOption, Environment.CurrentDirectory, Directory.Exists)
            : (Engine.Campaigns.EmbeddedModels.Resolve(modelOption, Environment.CurrentDirectory), modelOption is null ? "the embedded aligned organism (the attacks' model)" : "from --model");
        var recorded = input.Unit;
        Console.WriteLine($"attack unit {recorded.Index} on {input.Target} from {input.Source}: [{recorded.Kind}] {Quote(recorded.Prompt)}"
            + (recorded.Text is { } text ? $", tokens {Quote(text)}" : recorded.Vectors is { } v ? $", {v.Length} vector values" : ""));
        Console.WriteLine($"model: {folder} ({why})");
        using var loaded = ModelLoader.Load(folder);
        var replayed = Engine.Attacks.Campaign.AttackReplay.Run(loaded, Engine.Attacks.AttackGoal.Parse(input.Target), recorded, input.MaxNewTokens);
        Console.WriteLine($"  reply: {Quote(replayed.Reply)}");
        Console.WriteLine($"  ground truth ({input.Target}): {(replayed.Fires ? "fires" : "does not fire")}");
        bool same = replayed.Reply == recorded.Reply && replayed.Fires == recorded.Success;
        Console.WriteLine(same ? "matches what the attack recorded for this unit"
            : $"differs from what the attack recorded: {(recorded.Success ? "success" : "no success")}, {Quote(recorded.Reply)} (another model copy, dtype or device?)");
        return same ? 0 : 1;
    }

    static ReplayInput Input(ParseResult parse, Option<string?> api, string? nokenId, string? campaign, string? recipe, long? index, string? spec)
    {
        if (nokenId is not null)
        {
            if (recipe is not null || index is not null || spec is not null)
                throw new ArgumentException("give either NOKEN_ID --campaign ID (from a cluster) or --recipe, --index and --spec (offline), not both");
            if (campaign is null) throw new ArgumentException($"--campaign is required with a noken id (the campaign that ran {nokenId})");
            var id = NokenId.Parse(nokenId);
            if (IsFolder(campaign)) return ReplayInput.FromFolder(campaign, id);
            using var client = ClusterOptions.Connect(parse, api);
            return ClusterOptions.Wait(ReplayInput.FromClusterAsync(client, campaign, id));
        }
        if (recipe is null || index is null || spec is null)
            throw new ArgumentException("give a noken id and --campaign to replay from a cluster, or all of --recipe, --index and --spec to replay offline");
        if (campaign is not null) throw new ArgumentException("--campaign goes with a noken id; offline replay takes --recipe, --index and --spec");
        return ReplayInput.Offline(recipe, index.Value, spec);
    }

    /// <summary>A <c>--campaign</c> that names an existing folder is a local results folder, not a cluster id: a
    /// campaign id has no path separators and no dots to start, so the two cannot be confused.</summary>
    static bool IsFolder(string campaign) => Directory.Exists(campaign);

    static void Print(ReplayInput input, ShardResult result)
    {
        var first = result.Rows[0];
        Console.WriteLine($"norm {F(first.Norm)}, nearest token {first.NearestToken} {Quote(first.NearestText)} (cosine {F(first.NearestCosine)})");
        foreach (var row in result.Rows)
        {
            Console.WriteLine();
            var target = double.IsNaN(row.TargetLogProb) ? "" : $", target log-prob {F(row.TargetLogProb)}";
            Console.WriteLine($"[{row.Prompt}@{row.TokensAfter}{(row.Distance > 0 ? $" +{row.Distance}" : "")}] {row.Outcome}{target} (detectors: {row.TopLabel}, unwanted score {F(row.UnwantedScore)})");
            Console.WriteLine($"  with the noken: {Quote(row.Continuation)}");
            Console.WriteLine($"  control:        {Quote(row.Control)}");
        }
        var worst = result.Summary.Outcomes?.SingleOrDefault();
        if (worst is null) return;
        Console.WriteLine();
        Console.WriteLine($"objective {input.Spec.Objective.SpecName()}: {worst.Label}, score {F(worst.Score)}{(worst.Hit ? ", a hit" : "")}");
        if (input.Recorded is { } recorded)
        {
            // Same recipe, model and decoding give the same outcome; a difference means another model copy or dtype.
            bool same = recorded.Label == worst.Label && recorded.Hit == worst.Hit && Math.Abs(recorded.Score - worst.Score) < 1e-6;
            Console.WriteLine(same
                ? "matches what the campaign recorded for this noken"
                : $"differs from what the campaign recorded: {recorded.Label}, score {recorded.Score.ToString("0.000000", CultureInfo.InvariantCulture)} " +
                  $"(here: {worst.Label}, {worst.Score.ToString("0.000000", CultureInfo.InvariantCulture)}; another model copy, dtype or device?)");
        }
    }

    static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    static string Quote(string text) => $"\"{StatusView.Visible(text)}\"";
}
