using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Tokenization;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// Whether a spec's prompts fit its model's context, checked when the spec is submitted, so that a client hears a
/// 400 naming the prompt and the limit instead of a campaign that fails once a silo loads the model. It needs only the
/// model's <c>config.json</c> and tokenizer (milliseconds; no weights, no torch). A model folder that cannot be read is
/// not this check's business: the worker that loads it reports why, as before.
/// </summary>
public static class PromptFit
{
    /// <summary>Throws the <see cref="CampaignSpecException"/> of <see cref="RenderedPrompt.Of(ITextTokenizer, string, int, IReadOnlyList{CampaignPrompt}, IReadOnlyList{int}, int)"/>
    /// when a prompt does not fit; returns quietly when it fits or the model cannot be read here.</summary>
    public static void Check(CampaignSpec spec)
    {
        if (spec.Prompts.Count == 0) return;   // an attack's prompts are its target's, and fit by construction
        ModelConfig config;
        ITextTokenizer tokenizer;
        try
        {
            config = ModelConfig.Load(Path.Combine(spec.Model, "config.json"));
            tokenizer = HfTokenizer.Load(spec.Model, config.VocabSize);
        }
        catch (Exception e) when (e is CheckpointException or IOException or UnauthorizedAccessException) { return; }
        using (tokenizer)
        {
            try { RenderedPrompt.Of(tokenizer, spec.Model, config.MaxPositions, spec.Prompts, spec.Distances, spec.Decoding.MaxNewTokens); }
            // Anything else (a chat prompt for a model without a chat format, a tokenizer that fails) the worker reports.
            catch (Exception e) when (e is not CampaignSpecException) { }
        }
    }
}
