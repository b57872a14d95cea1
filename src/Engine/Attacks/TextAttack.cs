using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Attacks;

/// <summary>
/// Greedy Coordinate Gradient (Zou et al. 2023) on K real tokens in the noken slot: the gradient of the targets'
/// likelihood with respect to each position's one-hot token ranks the top-k substitutions; a batch of candidates,
/// each changing one position to one of its top-k, is scored exactly, and the best candidate becomes the string.
/// What it finds is text a user could type (up to tokenization), so it bounds what a realisable noken achieves.
/// </summary>
public sealed class TextAttack : SlotOptimiser
{
    readonly ICausalLanguageModel _model;
    readonly PromptSlot _slot;
    readonly IReadOnlyList<int[]> _targets;
    readonly Tensor _table;          // [V, D] fp32: every allowed token's input embedding
    readonly Tensor _forbidden;      // [V] bool: special tokens, never substituted in
    readonly int _k, _d, _topK, _candidates;
    readonly Random _random;
    int[] _ids;

    public TextAttack(CausalLanguageModel model, PromptSlot slot, IReadOnlyList<int[]> targets, int[] startTokens,
        IReadOnlySet<int> forbidden, int vocabulary, int topK, int candidates, Random random)
    {
        _model = model;
        _slot = slot;
        _targets = targets;
        _k = startTokens.Length;
        _d = model.Config.HiddenSize;
        _topK = Math.Min(topK, vocabulary - forbidden.Count);
        _candidates = candidates;
        _random = random;
        _ids = (int[])startTokens.Clone();
        using (var ids = arange(vocabulary, ScalarType.Int64).view(1, vocabulary))
        using (var embedded = model.Embed(ids))
            _table = embedded.view(vocabulary, _d).to(ScalarType.Float32, CPU).detach().clone(); // the path Embed takes
        _forbidden = tensor(Enumerable.Range(0, vocabulary).Select(forbidden.Contains).ToArray());
    }

    public override float[] Current
    {
        get
        {
            using var ids = tensor(_ids.Select(i => (long)i).ToArray());
            using var rows = _table.index_select(0, ids);
            return rows.contiguous().data<float>().ToArray();
        }
    }

    public override int[]? Tokens => (int[])_ids.Clone();

    public override double Step()
    {
        using var scope = NewDisposeScope();
        int vocabulary = (int)_table.shape[0];
        var idTensor = tensor(_ids.Select(i => (long)i).ToArray());
        var oneHot = nn.functional.one_hot(idTensor, vocabulary).to(ScalarType.Float32).requires_grad_(true); // [K, V]
        var slot = oneHot.matmul(_table).unsqueeze(0);                                       // [1, K, D]
        var logProb = TargetLikelihood.BestOf(_model, _slot, slot, _targets, withGradients: true);
        (-logProb.sum()).backward();
        ForwardPasses += _targets.Count;
        BackwardPasses += _targets.Count;

        // Most promising substitutions: the largest decrease of the loss to first order, i.e. the largest gradient of
        // the log-probability, per position; special tokens are never candidates.
        var score = (-oneHot.grad!).masked_fill(_forbidden.unsqueeze(0), double.NegativeInfinity); // [K, V]
        var top = score.topk(_topK, dim: 1).indexes.contiguous().data<long>().ToArray();     // [K · topK]

        var candidates = new int[_candidates][];
        for (int b = 0; b < _candidates; b++)
        {
            var ids = (int[])_ids.Clone();
            int position = b % _k;
            ids[position] = (int)top[position * _topK + _random.Next(_topK)];
            candidates[b] = ids;
        }
        var flat = tensor(candidates.SelectMany(c => c.Select(i => (long)i)).ToArray());
        var batch = _table.index_select(0, flat).view(_candidates, _k, _d);                   // [B, K, D]
        var scores = TargetLikelihood.BestOf(_model, _slot, batch, _targets).to(ScalarType.Float32, CPU).data<float>().ToArray();
        ForwardPasses += (long)_candidates * _targets.Count;
        int best = 0;
        for (int b = 1; b < scores.Length; b++) if (scores[b] > scores[best]) best = b;
        _ids = candidates[best];
        return scores[best];
    }
}
