using System.CommandLine;
using System.Globalization;
using Orleans.Noken.Client.Cluster;
using Orleans.Noken.Engine.Hardening;
using Orleans.Noken.Results;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken harden --campaign DIR|ID</c>: fine-tunes the campaign's model against the nokens the campaign found (its
/// elites and every noken at or above the threshold), keeping it close to its control behaviour and its capability,
/// and writes the hardened checkpoint (Hugging Face layout, with a card). A cluster campaign is exported first.
/// <c>noken harden list</c> and <c>noken harden cancel ID</c> manage the cluster's jobs (<see cref="HardeningJobCommands"/>).
/// </summary>
internal static class HardenCommand
{
    public static Command Build()
    {
        var api = ClusterOptions.Api();
        var campaign = new Option<string>("--campaign", "-c")
        {
            Description = "A campaign's folder (from `noken run`, `noken sweep` or `noken export`), or a cluster campaign's id (exported to runs/ID first)",
            Required = true,
        };
        var model = CommonOptions.OptionalModel("Model to harden (default: the campaign's model if this machine has it); \"organism\" for the embedded organism");
        var output = new Option<string?>("--out", "-o") { Description = "Where the hardened checkpoint goes (default: CAMPAIGN_FOLDER/hardened)" };
        var threshold = new Option<double>("--threshold") { Description = "Train on nokens whose worst prompt scored at least this", DefaultValueFactory = _ => 0.1 };
        var maxNokens = new Option<int>("--max-nokens") { Description = "At most this many nokens, the highest-scoring first", DefaultValueFactory = _ => 512 };
        var defaults = new HardeningOptions();
        var steps = new Option<int>("--steps") { Description = "Training steps", DefaultValueFactory = _ => defaults.Steps };
        var seed = new Option<int>("--seed") { Description = "Seed for the order of pairs and dialogues (same inputs and seed: same weights)", DefaultValueFactory = _ => defaults.Seed };
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => defaults.PeakLearningRate };
        var clean = new Option<string?>("--clean") { Description = "JSONL of {\"user\", \"assistant\"} exchanges for the language-model loss (default: the organism's aligned dialogues)" };
        var cleanWeight = new Option<double>("--clean-weight") { Description = "Weight of the clean language-model loss (0: nokens only)", DefaultValueFactory = _ => defaults.CleanWeight };
        var onCluster = new Option<bool>("--on-cluster") { Description = "Harden on a silo of the cluster, where the campaign's results are; follow it and download the checkpoint (default: runs/ID/hardened)" };
        var adversarialEvery = new Option<int>("--adversarial-every") { Description = "Every N steps, search nokens against the current weights (projected gradient ascent) and train on the finds too; 0: off", DefaultValueFactory = _ => defaults.AdversarialEvery };
        var adversarialNokens = new Option<int>("--adversarial-nokens") { Description = "Vectors each adversarial round climbs from", DefaultValueFactory = _ => defaults.AdversarialNokens };
        var ascentSteps = new Option<int>("--ascent-steps") { Description = "Gradient-ascent steps per adversarial round", DefaultValueFactory = _ => defaults.AscentSteps };
        var command = new Command("harden", "Fine-tune a model to resist the nokens a campaign found; writes the hardened checkpoint with a card")
        {
            campaign, model, output, threshold, maxNokens, steps, seed, learningRate, clean, cleanWeight, adversarialEvery, adversarialNokens, ascentSteps, api,
        };
        command.Options.Add(onCluster);
        foreach (var job in HardeningJobCommands.Build()) command.Subcommands.Add(job);
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (parse.GetValue(onCluster))
            {
                using var client = ClusterOptions.Connect(parse, api);
                return HardenOnCluster.Run(client, new Abstractions.HardeningSubmission(parse.GetValue(campaign)!, parse.GetValue(model), parse.GetValue(threshold),
                    parse.GetValue(maxNokens), parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(learningRate), parse.GetValue(cleanWeight),
                    AdversarialEvery: parse.GetValue(adversarialEvery), AdversarialNokens: parse.GetValue(adversarialNokens), AscentSteps: parse.GetValue(ascentSteps)),
                    parse.GetValue(output), parse.GetValue(clean));
            }
            var folder = CampaignFolder(parse, api, parse.GetValue(campaign)!);
            var spec = ReplayInput.LoadSpec(Path.Combine(folder, "spec.json"));
            var (modelFolder, why) = ReplayModel.Choose(spec.Model, parse.GetValue(model), Environment.CurrentDirectory, Directory.Exists);
            var outFolder = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(folder, "hardened"));
            Console.WriteLine($"hardening {modelFolder} ({why}) against campaign {folder} → {outFolder}");
            var options = defaults with
            {
                Steps = parse.GetValue(steps), Seed = parse.GetValue(seed), PeakLearningRate = parse.GetValue(learningRate),
                CleanWeight = parse.GetValue(cleanWeight),
                AdversarialEvery = parse.GetValue(adversarialEvery), AdversarialNokens = parse.GetValue(adversarialNokens), AscentSteps = parse.GetValue(ascentSteps),
            };
            var inputs = new HardeningInputs(parse.GetValue(threshold), parse.GetValue(maxNokens), parse.GetValue(clean));
            var card = HardeningRun.RunAsync(spec, new FolderResultStore(folder), ResultPaths.AtRoot, Path.GetFileName(folder.TrimEnd('/')),
                modelFolder, outFolder, inputs, options, Console.WriteLine).GetAwaiter().GetResult();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"KL on nokens {card.FirstKl:F4} → {card.LastKl:F4}; clean loss {card.FirstCleanLoss:F4} → {card.LastCleanLoss:F4}; {card.Seconds:F0} s"));
            return 0;
        }));
        return command;
    }

    /// <summary>A folder that holds a campaign's spec.json as it is; otherwise a cluster campaign id, exported (or its
    /// export brought up to date) into runs/ID.</summary>
    static string CampaignFolder(ParseResult parse, Option<string?> api, string campaign)
    {
        if (Directory.Exists(campaign))
        {
            if (!File.Exists(Path.Combine(campaign, "spec.json")))
                throw new ArgumentException($"{campaign} holds no spec.json: not a campaign's folder (from `noken run`, `noken sweep` or `noken export`)");
            return Path.GetFullPath(campaign);
        }
        var folder = Path.GetFullPath(Path.Combine("runs", campaign));
        using var client = ClusterOptions.Connect(parse, api);
        var report = ClusterOptions.Wait(CampaignExport.RunAsync(client, campaign, folder));
        Console.WriteLine($"exported cluster campaign {campaign} to {folder} ({report.Downloaded} new file(s))");
        return folder;
    }
}
