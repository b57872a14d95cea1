using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Generation;

/// <summary>
/// Runs a shard of N nokens × P prompts as fast as the model allows: per prompt, the text before the noken is run
/// once and its KV cache broadcast to every noken row; all nokens of a prompt decode together as one batch (chunked
/// to <see cref="DecodingOptions.MaxBatch"/>) with a KV cache; each prompt's control decodes first so that every
/// noken's next-token distributions can be compared with it. Not thread-safe: one replica, one thread.
/// </summary>
public sealed class ShardGenerator(LoadedModel loaded)
{
    readonly ICausalLanguageModel _model = loaded.Model;
    readonly ContinuationDecoder _decoder = new(loaded);

    public FlopCounter Flops => _decoder.Flops;
    public int HiddenSize => _model.Config.HiddenSize;
    public long GeneratedTokens => _decoder.GeneratedTokens;

    public ShardOutput Run(ShardRequest request)
    {
        request.Decoding.Validate();
        var nokens = request.Nokens;
        var config = _model.Config;
        bool several = nokens.dim() == 3 && nokens.shape[1] >= 1;
        if (!(nokens.dim() == 2 || several) || nokens.shape[^1] != config.HiddenSize)
            throw new ArgumentException(
                $"nokens must be [N, {config.HiddenSize}] (the model's hidden size) or [N, K, {config.HiddenSize}] for K side by side, got [{string.Join(", ", nokens.shape)}]");
        if (several && !request.Injection.IsInputSplice)
            throw new ArgumentException("several vectors per slot go in as input embeddings only, not into the residual stream");
        if (request.Injection.Layer < 0 || request.Injection.Layer > config.NumLayers)
            throw new ArgumentException($"injection layer must be in 0..{config.NumLayers}, got {request.Injection.Layer}");
        if (!request.Injection.IsInputSplice && request.ControlTokenId is null)
            throw new ArgumentException("injecting into the residual stream needs a control token to fill the slot below it");

        var controls = new List<Continuation>();
        var pairs = new List<PairResult>();
        for (int p = 0; p < request.Prompts.Count; p++)
        {
            var (control, results) = RunPrompt(request, p);
            controls.Add(control);
            pairs.AddRange(results);
        }
        return new ShardOutput(controls, pairs);
    }

    (Continuation Control, List<PairResult> Pairs) RunPrompt(ShardRequest request, int promptIndex)
    {
        var prompt = request.Prompts[promptIndex];
        var decoding = request.Decoding;
        // The cached prefix stops one token short, so that every row's uncached tail is non-empty and its last
        // position yields the first next-token distribution.
        int cached = Math.Max(prompt.PrefixIds.Length - 1, 0);
        int[] lastPrefixToken = prompt.PrefixIds.Length > 0 ? [prompt.PrefixIds[^1]] : [];
        using var prefix = _model.NewCache(1, Math.Max(cached, 1));
        if (cached > 0) _decoder.Prefill(prompt.PrefixIds[..cached], prefix);

        int[] controlTail = [.. lastPrefixToken, .. request.ControlTokenId is { } id ? [id] : Array.Empty<int>(), .. prompt.SuffixIds];
        if (controlTail.Length == 0)
            throw new ArgumentException($"prompt '{prompt.Name}' is empty without its noken: the control has nothing to continue");

        var controlKey = ((long)promptIndex << 32) | 0xFFFFFFFFL;
        using var controlDistributions = new DisposableList();
        Continuation control;
        using (var scope = torch.NewDisposeScope())
        using (var cache = prefix.Broadcast(1, cached + controlTail.Length + decoding.MaxNewTokens))
        {
            var tail = _decoder.EmbedIds(controlTail, rows: 1);
            control = _decoder.Decode(tail, cache, [controlKey], decoding, null, null, controlDistributions.Items, request.Cancellation)[0];
        }
        using var controlLogProbs = controlDistributions.Items.Count > 0 ? torch.stack(controlDistributions.Items) : null; // [K, V]

        var pairs = new List<PairResult>();
        long n = request.Nokens.shape[0];
        int slotWidth = request.Nokens.dim() == 3 ? (int)request.Nokens.shape[1] : 1;
        int tailLength = lastPrefixToken.Length + slotWidth + prompt.SuffixIds.Length;
        for (long start = 0; start < n; start += decoding.MaxBatch)
        {
            int rows = (int)Math.Min(decoding.MaxBatch, n - start);
            using var scope = torch.NewDisposeScope();
            using var cache = prefix.Broadcast(rows, cached + tailLength + decoding.MaxNewTokens);
            var chunk = request.Nokens.narrow(0, start, rows);                           // [R, D] or [R, K, D]
            var (tail, edit) = NokenTail(request, chunk, lastPrefixToken, prompt, position: prompt.PrefixIds.Length);
            var keys = Enumerable.Range(0, rows).Select(r => ((long)promptIndex << 32) | (start + r)).ToList();
            var continuations = _decoder.Decode(tail, cache, keys, decoding, edit, controlLogProbs, null, request.Cancellation);
            for (int r = 0; r < rows; r++) pairs.Add(new PairResult((int)(start + r), promptIndex, continuations[r]));
        }
        return (control, pairs);
    }

    /// <summary>The uncached tail of each noken row, <c>[R, T, D]</c>: last prefix token, the noken slot (one vector, or
    /// K side by side: an attack's K nokens or a text attack's token embeddings), the suffix.
    /// For a deeper injection the slot holds the control token and the noken goes in as a residual edit.</summary>
    (Tensor Tail, ResidualEdit? Edit) NokenTail(ShardRequest request, Tensor chunk, int[] lastPrefixToken, PromptSlot prompt, int position)
    {
        int rows = (int)chunk.shape[0];
        var slot = request.Injection.IsInputSplice
            ? chunk.to(_model.ComputeDtype, _model.Device).view(rows, -1, _model.Config.HiddenSize) // [R, K, D]
            : _decoder.EmbedIds([request.ControlTokenId!.Value], rows);
        var before = _decoder.EmbedIds(lastPrefixToken, rows);
        var after = _decoder.EmbedIds(prompt.SuffixIds, rows);
        var tail = torch.cat([before, slot, after], dim: 1);
        var edit = request.Injection.IsInputSplice
            ? null
            : new ResidualEdit(request.Injection.Layer, position, chunk, request.Injection.Mode);
        return (tail, edit);
    }

    sealed class DisposableList : IDisposable
    {
        public List<Tensor> Items { get; } = [];
        public void Dispose() => Items.ForEach(t => t.Dispose());
    }
}
