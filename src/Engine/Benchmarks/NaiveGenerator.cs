using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Benchmarks;

/// <summary>
/// The baseline the engine is measured against: one (noken × prompt) pair at a time, the whole sequence recomputed
/// for every new token (no prefix cache, no KV cache), greedy. What a first script would do.
/// </summary>
public sealed class NaiveGenerator(LoadedModel loaded)
{
    readonly ICausalLanguageModel _model = loaded.Model;

    public FlopCounter Flops { get; } = new();

    public int[] Generate(Tensor noken, PromptSlot prompt, int newTokens) // noken [D]
    {
        var generated = new List<int>();
        for (int step = 0; step < newTokens; step++)
        {
            using var scope = torch.NewDisposeScope();
            var sequence = torch.cat([
                Embed(prompt.PrefixIds),
                noken.to(_model.ComputeDtype, _model.Device).reshape(1, 1, -1),
                Embed([.. prompt.SuffixIds, .. generated]),
            ], dim: 1);                                                                   // [1, T, D]
            var logits = _model.Forward(sequence, logits: LogitsFor.LastPosition);       // [1, 1, V]
            Flops.AddForward(_model.Config, 1, sequence.shape[1], 0, 1);
            generated.Add((int)logits.argmax(-1).item<long>());
        }
        return [.. generated];
    }

    Tensor Embed(int[] ids) => ids.Length == 0
        ? torch.empty([1, 0, _model.Config.HiddenSize], _model.ComputeDtype, _model.Device)
        : _model.Embed(torch.tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0));
}
