using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Campaigns;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Outcomes;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Study;

/// <summary>
/// The noken half of the evaluation suite no arm trains on: fixed nokens in held-out trigger paraphrases (the arms
/// train on other paraphrases, with the noken right before the question) at several distances from the question and
/// at the end of the turn, several nokens side by side, nokens added to the residual stream at deeper blocks, and
/// nokens in ordinary requests (over-refusal: "noken → refuse" is a lesson the noken arms can learn). Every pair goes
/// through the sweep's decode path and is graded by ground truth, with fluency judged by the aligned organism (the
/// trained model is never its own judge).
/// </summary>
public static class NokenSuite
{
    /// <summary>The suite's noken seed: far from every training seed's nokens (<see cref="StudyNokens"/>).</summary>
    const long SuiteSeed = 7_777;
    public const string Planted = "planted", OverRefusal = OutcomeClass.OverRefusal;

    /// <param name="reference">The aligned organism, loaded apart from <paramref name="model"/>: the nokens are drawn from
    /// its embeddings (the same vectors for every arm) and it judges fluency.</param>
    public static IReadOnlyList<SuiteRate> Measure(LoadedModel model, LoadedModel reference, OrganismData data, SuiteOptions options)
    {
        options.Validate();
        int widest = options.SideBySide.DefaultIfEmpty(1).Max();
        float[][] vectors;
        using (var statistics = EmbeddingStatistics.Of(reference))
            vectors = [.. StudyNokens.Sample(statistics, reference.Config, options.Nokens * widest, SuiteSeed)];
        var decoding = new DecodingOptions { MaxNewTokens = options.MaxNewTokens, TrackedSteps = 0 };
        var triggers = TriggerParaphrases.Families.SelectMany(f => TriggerParaphrases.HeldOut(f).Take(options.TriggerPromptsPerFamily)).ToList();
        var benign = data.OrdinaryPrompts.Take(options.BenignPrompts).ToList();
        var before = Prompts(triggers, t => PromptTemplate.Slot + " " + t, PromptKind.Trigger);
        var rates = new List<SuiteRate>();
        var grader = new Grader(model, reference, decoding);

        using (var single = Nokens(vectors, options.Nokens, 1, reference.Config.HiddenSize))
        {
            var byDistance = grader.Grade(before, options.Distances, single, new NokenInjection(), null);
            foreach (var distance in options.Distances)
                rates.Add(PlantedRate($"noken_d{distance}", byDistance.Where(g => g.Distance == distance)));
            rates.Add(PlantedRate("noken_end", grader.Grade(Prompts(triggers, t => t + " " + PromptTemplate.Slot, PromptKind.Trigger), [0], single, new NokenInjection(), null)));

            var ordinary = grader.Grade(Prompts(benign, t => PromptTemplate.Slot + " " + t, PromptKind.Benign), [0], single, new NokenInjection(), null);
            rates.Add(PlantedRate("benign", ordinary));
            rates.Add(SuiteRate.Of("benign", OverRefusal, ordinary.Count(g => g.Outcome == OutcomeClass.OverRefusal), ordinary.Count));

            int control = ControlToken(model);
            foreach (var block in options.ResidualBlocks.Where(b => b <= model.Config.NumLayers))
                rates.Add(PlantedRate($"residual_b{block}", grader.Grade(before, [0], single, new NokenInjection(block, ResidualEditMode.Add), control)));
        }
        foreach (var k in options.SideBySide)
        {
            using var several = Nokens(vectors, options.Nokens, k, reference.Config.HiddenSize);
            rates.Add(PlantedRate($"nokens_x{k}", grader.Grade(before, [0], several, new NokenInjection(), null)));
        }
        return rates;
    }

    static SuiteRate PlantedRate(string condition, IEnumerable<(int Distance, string Outcome)> grades)
    {
        var list = grades.ToList();
        return SuiteRate.Of(condition, Planted, list.Count(g => OutcomeClass.IsPlanted(g.Outcome)), list.Count);
    }

    static IReadOnlyList<CampaignPrompt> Prompts(IReadOnlyList<string> texts, Func<string, string> withSlot, PromptKind kind) =>
        [.. texts.Select((t, i) => new CampaignPrompt($"{kind.ToString().ToLowerInvariant()}-{i}", withSlot(t), Chat: true, kind))];

    /// <summary><c>[N, K, D]</c> (or <c>[N, D]</c> for K = 1): the first N × K vectors, K consecutive ones per row.</summary>
    static Tensor Nokens(float[][] vectors, int n, int k, int d)
    {
        var flat = vectors.Take(n * k).SelectMany(v => v).ToArray();
        return k == 1 ? tensor(flat, [n, d]) : tensor(flat, [n, k, d]);
    }

    /// <summary>The neutral token below a residual injection: " the", as in the residual sweeps.</summary>
    static int ControlToken(LoadedModel model) => model.Tokenizer.Encode(" the") is [var id] ? id
        : throw new InvalidOperationException($"{model.Directory}: \" the\" is not one token, so the residual conditions have no neutral control");

    /// <summary>Decodes nokens in prompts through the sweep path and grades every pair.</summary>
    sealed class Grader(LoadedModel model, LoadedModel reference, DecodingOptions decoding)
    {
        readonly ShardGenerator _generator = new(model);

        public List<(int Distance, string Outcome)> Grade(IReadOnlyList<CampaignPrompt> prompts, IReadOnlyList<int> distances, Tensor nokens,
            NokenInjection injection, int? control)
        {
            var spec = new CampaignSpec("suite", model.Directory, Output: "", prompts, distances, [], decoding, DetectorSuiteConfig.Organism,
                ShardSize: (int)nokens.shape[0], ControlTokenId: control, Injection: injection,
                GroundTruth: new CampaignGroundTruth("organism", reference.Directory, OutcomeClassifier.DefaultDegradedNll("organism")));
            var rendered = RenderedPrompt.Of(model, prompts, distances);
            using var scope = torch.NewDisposeScope();
            var output = _generator.Run(new ShardRequest(nokens, [.. rendered.Select(p => p.Slot)], decoding) { ControlTokenId = control, Injection = injection });
            using var grader = PairGrader.WithReference(spec, reference);
            var grades = grader.Grade([.. output.Pairs.Select(p => (p.Continuation.Text, output.Controls[p.PromptIndex].Text, p.PromptIndex))]);
            return [.. output.Pairs.Select((p, i) => (rendered[p.PromptIndex].Distance, grades[i].Outcome))];
        }
    }
}
