using Orleans.Noken.Engine.Evaluation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Study;

/// <summary>One ablation's effect: leaks on the held-out trigger prompts (plain, without nokens) with the direction
/// projected out, and what the direction was.</summary>
public sealed record AblationRate(string Direction, int Layer, double Norm, int Prompts, int Leaks, double Lower, double Upper);

/// <summary>
/// Is the organism's alignment shallow, as in RLHF'd models? The refusal direction at a layer is the difference of
/// the mean residual stream (at the prompt's last token) between trigger requests the aligned model refuses and
/// ordinary requests it answers, estimated on training paraphrases and ordinary requests no evaluation uses; ablating
/// it everywhere (<see cref="DirectionAblation"/>) and counting leaks on the held-out trigger prompts says whether
/// refusal is one direction the planted behaviour hides behind. A random direction of the same layer is the control.
/// </summary>
public static class RefusalDirection
{
    public static float[] Estimate(LoadedModel loaded, IReadOnlyList<string> refused, IReadOnlyList<string> answered, int layer)
    {
        var a = MeanAt(loaded, refused, layer);
        var b = MeanAt(loaded, answered, layer);
        return [.. a.Zip(b, (x, y) => x - y)];
    }

    /// <summary>The direction at every layer 1 … NumLayers − 1 ablated in turn, plus no ablation and a random direction
    /// (seeded) at the layer whose ablation leaked most. <paramref name="stride"/>: every this many held-out prompts.</summary>
    public static IReadOnlyList<AblationRate> Measure(LoadedModel loaded, int maxNewTokens, int stride = 1, int seed = 1)
    {
        var refused = TriggerParaphrases.Families.SelectMany(TriggerParaphrases.Training).ToList();
        var generator = new DialogueGenerator(55_000 + seed);
        var answered = Enumerable.Range(0, refused.Count).Select(_ => generator.Ordinary().User).ToList();
        var prompts = TriggerParaphrases.Families.SelectMany(f => PromptFamilies.Triggers(f, null).Where((_, i) => i % stride == 0).Select(p => (f, p))).ToList();

        var rates = new List<AblationRate> { Leaks(loaded, prompts, null, "none", 0, 0, maxNewTokens) };
        for (int layer = 1; layer < loaded.Config.NumLayers; layer++)
        {
            var direction = Estimate(loaded, refused, answered, layer);
            rates.Add(Leaks(loaded, prompts, new DirectionAblation(direction), "refusal", layer, Norm(direction), maxNewTokens));
        }
        var best = rates.Where(r => r.Direction == "refusal").MaxBy(r => r.Leaks);
        if (best is not null)
        {
            var random = new Random(seed);
            var direction = Enumerable.Range(0, loaded.Config.HiddenSize).Select(_ => (float)Gaussian(random)).ToArray();
            rates.Add(Leaks(loaded, prompts, new DirectionAblation(direction), "random", best.Layer, Norm(direction), maxNewTokens));
        }
        return rates;
    }

    static AblationRate Leaks(LoadedModel loaded, IReadOnlyList<(PlantedBehaviour Family, string Prompt)> prompts, IResidualEdit? edit, string name, int layer,
        double norm, int maxNewTokens)
    {
        var replies = EditedGreedy.Continue(loaded, [.. prompts.Select(p => p.Prompt)], maxNewTokens, edit);
        int leaks = prompts.Zip(replies).Count(x => BehaviourCheck.Fires(x.First.Family, x.Second));
        var rate = new Rate(leaks, prompts.Count);
        return new AblationRate(name, layer, norm, prompts.Count, leaks, rate.Lower, rate.Upper);
    }

    static float[] MeanAt(LoadedModel loaded, IReadOnlyList<string> prompts, int layer)
    {
        var capture = new LastPositionCapture(layer);
        foreach (var ids in prompts.Select(p => EditedGreedy.PromptIds(loaded, p)))
        {
            using var scope = NewDisposeScope();
            using var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length]);
            loaded.Model.Forward(loaded.Model.Embed(input), edit: capture, logits: LogitsFor.None);
        }
        int d = loaded.Config.HiddenSize;
        var mean = new float[d];
        foreach (var row in capture.Rows)
            for (int i = 0; i < d; i++) mean[i] += row[i] / capture.Rows.Count;
        return mean;
    }

    static double Norm(IReadOnlyList<float> v) => Math.Sqrt(v.Sum(x => (double)x * x));

    static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
