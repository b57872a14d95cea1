using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// The decode loop: from a batch of uncached tails to continuations, with a KV cache, one dispose scope per step,
/// and finished rows dropped from the batch (and the cache) so later steps only pay for rows still talking.
/// </summary>
internal sealed class ContinuationDecoder(LoadedModel loaded)
{
    readonly ICausalLanguageModel _model = loaded.Model;
    readonly HashSet<int> _eos = [.. loaded.EosTokenIds];

    public FlopCounter Flops { get; } = new();
    public long GeneratedTokens { get; private set; }

    public Tensor EmbedIds(IReadOnlyList<int> ids, int rows)
    {
        if (ids.Count == 0) return torch.empty([rows, 0, _model.Config.HiddenSize], _model.ComputeDtype, _model.Device);
        using var tensor = torch.tensor(ids.Select(i => (long)i).ToArray(), ScalarType.Int64).unsqueeze(0); // [1, T]
        using var embedded = _model.Embed(tensor);                                                           // [1, T, D]
        return embedded.expand(rows, -1, -1).contiguous();                                                    // [R, T, D]
    }

    /// <summary>Runs <paramref name="ids"/> into <paramref name="cache"/> (one row) without computing logits.</summary>
    public void Prefill(int[] ids, KvCache cache)
    {
        using var scope = torch.NewDisposeScope();
        long past = cache.Length;
        _model.Forward(EmbedIds(ids, 1), cache, logits: LogitsFor.None);
        Flops.AddForward(_model.Config, 1, ids.Length, past, 0);
    }

    /// <param name="tail">[R, T, D] the rows' uncached tokens.</param>
    /// <param name="rowKeys">Stable per-row keys for replayable sampling.</param>
    /// <param name="controlLogProbs">[K, V] the control's log-probabilities at its first steps, for KL.</param>
    /// <param name="record">When given, receives row 0's [V] log-probabilities of the first tracked steps.</param>
    /// <param name="cancellation">Checked before every step: a decode of hundreds of steps over a big batch holds the
    /// model thread for minutes, and a cancelled campaign must hand it back within one step.</param>
    public List<Continuation> Decode(Tensor tail, KvCache cache, IReadOnlyList<long> rowKeys, DecodingOptions options,
        ResidualEdit? edit, Tensor? controlLogProbs, List<Tensor>? record, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        int rows = (int)tail.shape[0];
        var builders = Enumerable.Range(0, rows).Select(_ => new ContinuationBuilder()).ToArray();
        var active = Enumerable.Range(0, rows).ToList(); // original row of each batch position
        long past = cache.Length;
        var logits = _model.Forward(tail, cache, edit, LogitsFor.LastPosition); // [R, 1, V]
        Flops.AddForward(_model.Config, rows, tail.shape[1], past, 1);

        // The logits carried from step to step belong to no dispose scope: disposed here however the loop ends,
        // a cancellation included.
        try
        {
            for (int step = 0; step < options.MaxNewTokens && active.Count > 0; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var stepLogits = options.AdjustsLogits
                    ? LogitAdjustment.Apply(logits.squeeze(1), active.Select(r => builders[r].Ids).ToList(), options)
                    : logits.squeeze(1);
                var (chosenIds, chosenLogProbs, entropies, divergences, top) =
                    StepStatistics.Compute(stepLogits, active.Select(r => rowKeys[r]).ToList(), step, options, controlLogProbs, record);

                var stillActive = new List<int>(); // batch positions that decode on
                for (int i = 0; i < active.Count; i++)
                {
                    var builder = builders[active[i]];
                    builder.Step(entropies?[i], divergences?[i]);
                    if (options.StopAtEos && _eos.Contains((int)chosenIds[i])) { builder.StoppedAtEos = true; continue; }
                    builder.Add((int)chosenIds[i], chosenLogProbs[i], top?[i]);
                    if (builder.Count < options.MaxNewTokens) stillActive.Add(i);
                }
                GeneratedTokens += active.Count;
                if (stillActive.Count == 0) break;

                if (stillActive.Count < active.Count)
                {
                    cache.KeepRows(torch.tensor(stillActive.Select(i => (long)i).ToArray(), ScalarType.Int64, _model.Device));
                    active = stillActive.Select(i => active[i]).ToList();
                }
                past = cache.Length;
                var nextIds = torch.tensor(stillActive.Select(i => chosenIds[i]).ToArray(), ScalarType.Int64).unsqueeze(1); // [A, 1]
                var next = _model.Forward(_model.Embed(nextIds), cache, logits: LogitsFor.LastPosition).DetachFromDisposeScope();
                Flops.AddForward(_model.Config, active.Count, 1, past, 1);
                logits.Dispose();
                logits = next;
            }
        }
        finally
        {
            logits.Dispose();
        }
        return builders.Select(b => b.Build(loaded.Tokenizer)).ToList();
    }

    sealed class ContinuationBuilder
    {
        readonly List<int> _ids = [];
        readonly List<float> _logProbs = [];
        readonly List<float> _entropies = [];
        readonly List<float> _divergences = [];
        readonly List<TokenAlternatives> _alternatives = [];

        public bool StoppedAtEos { get; set; }
        public int Count => _ids.Count;
        public IReadOnlyList<int> Ids => _ids;

        public void Step(float? entropy, float? divergence)
        {
            if (entropy is { } e) _entropies.Add(e);
            if (divergence is { } d) _divergences.Add(d);
        }

        public void Add(int id, float logProb, TokenAlternatives? alternatives)
        {
            _ids.Add(id);
            _logProbs.Add(logProb);
            if (alternatives is not null) _alternatives.Add(alternatives);
        }

        public Continuation Build(Tokenization.ITextTokenizer tokenizer) =>
            new([.. _ids], tokenizer.Decode(_ids), [.. _logProbs], [.. _entropies], [.. _divergences], StoppedAtEos) { Alternatives = [.. _alternatives] };
    }
}
