using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Behaviour.Detectors;

/// <summary>
/// Gibberish: text the clean model itself finds unlikely. Each continuation is re-scored without the noken — after
/// the prompt's context ids when the observation has them, else after BOS alone — as mean NLL per token; so is the
/// control's continuation (once per distinct control), which is the model's own fluent baseline for that prompt.
/// Calibration: score = σ((nll − reference − <c>margin</c>) / <c>scale</c>), reference = the control's NLL, or
/// <c>referenceNll</c> when the control is too short to score. Nats, so margin 2 means "e² ≈ 7× less likely per
/// token than the model's own answer". Continuations under <c>minTokens</c> scored tokens score 0: one odd token is
/// not gibberish (silence and echo failure cover short replies). The only detector that runs the model: batched.
/// </summary>
public sealed class GibberishDetector(string label, LoadedModel loaded, double margin, double scale, double referenceNll, int minTokens)
    : IBehaviourDetector
{
    readonly SequenceLikelihood _likelihood = new(loaded.Model);

    public string Label { get; } = label;

    public static GibberishDetector Create(string label, DetectorParameters p, LoadedModel loaded)
    {
        var (margin, scale, referenceNll, minTokens) = ReadParameters(p);
        return new(label, loaded, margin, scale, referenceNll, minTokens);
    }

    internal static (double Margin, double Scale, double ReferenceNll, int MinTokens) ReadParameters(DetectorParameters p) =>
        (p.Double("margin", 2.0, 0, 100), p.Double("scale", 0.5, 1e-3, 100), p.Double("referenceNll", 4.0, 0, 100), p.Int("minTokens", 3, 1, 10_000));

    public IReadOnlyList<DetectorScore> Score(IReadOnlyList<BehaviourObservation> observations)
    {
        var sequences = new List<(int[] Context, int[] Ids)>();
        var controlRow = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var rows = new (int Noken, int Control)[observations.Count];
        for (int i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            var context = Context(o);
            int noken = sequences.Count;
            sequences.Add((context, IdsOf(o.Noken)));
            int control = -1;
            if (o.Control is { } c)
            {
                // Many pairs share one control (one per prompt): score it once.
                if (!controlRow.TryGetValue(c, out control))
                {
                    control = sequences.Count;
                    sequences.Add((context, IdsOf(c)));
                    controlRow[c] = control;
                }
            }
            rows[i] = (noken, control);
        }
        var nll = _likelihood.MeanNll(sequences);

        var scores = new DetectorScore[observations.Count];
        for (int i = 0; i < scores.Length; i++)
        {
            var (value, scored) = nll[rows[i].Noken];
            if (scored < minTokens) { scores[i] = new(Label, 0, $"too short to judge ({scored} tokens scored)"); continue; }
            bool hasControl = rows[i].Control >= 0 && nll[rows[i].Control].Scored >= minTokens;
            double reference = hasControl ? nll[rows[i].Control].Nll : referenceNll;
            double score = 1 / (1 + Math.Exp(-(value - reference - margin) / scale));
            scores[i] = new(Label, score,
                FormattableString.Invariant($"mean NLL {value:F2} nats/token over {scored} tokens vs {(hasControl ? "control" : "reference")} {reference:F2} ({Signed(value - reference)})"));
        }
        return scores;
    }

    static string Signed(double delta) =>
        (delta < 0 ? "-" : "+") + Math.Abs(delta).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);

    int[] Context(BehaviourObservation o) =>
        o.Prompt.ContextIds ?? (loaded.Tokenizer.BosTokenId is { } bos ? [bos] : []);

    int[] IdsOf(Generation.Continuation c) =>
        c.Ids.Length > 0 || c.Text.Length == 0 ? c.Ids : loaded.Tokenizer.Encode(c.Text);
}
