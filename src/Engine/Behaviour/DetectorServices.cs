using Orleans.Noken.Engine.Models;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Behaviour;

/// <summary>What detectors may use beyond the observation: the clean model (gibberish needs it) and a tokenizer
/// (echo failure names token ids with it). Both optional: a suite without a model skips gibberish and says so.</summary>
public sealed record DetectorServices(LoadedModel? Model = null, ITextTokenizer? Tokenizer = null)
{
    public static DetectorServices None { get; } = new();

    public static DetectorServices Of(LoadedModel model) => new(model, model.Tokenizer);

    public ITextTokenizer? AnyTokenizer => Tokenizer ?? Model?.Tokenizer;
}
