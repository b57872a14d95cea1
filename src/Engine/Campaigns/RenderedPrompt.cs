using Orleans.Noken.Engine.Tokenization;
using Orleans.Noken.Engine.Behaviour;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Models;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>A campaign prompt tokenized for one model, at one added distance, with what its detectors need to know.</summary>
public sealed record RenderedPrompt(string Name, int Distance, PromptSlot Slot, PromptContext Context)
{
    /// <summary>The prompt's name as the spec wrote it; <see cref="Name"/> adds the distance from the end ("sea@12").</summary>
    public string SpecName { get; init; } = Name;

    /// <summary>The prompt's target replies, tokenized (<see cref="CampaignPrompt.Targets"/>).</summary>
    public IReadOnlyList<int[]> Targets { get; init; } = [];

    /// <summary>
    /// Every prompt at every added distance (filler tokens after the slot: a chat prompt always ends with the turn's
    /// closing tokens, so "0 from the end" does not exist there). Rows keep the added distance, the one knob a spec
    /// turns; names carry the resulting distance from the end ("sea@12").
    /// </summary>
    /// <param name="maxNewTokens">What the campaign decodes after each prompt: a prompt whose tokens, noken and new
    /// tokens exceed the model's context is a <see cref="CampaignSpecException"/> (every such prompt named, with the
    /// limit), before any tensor is made.</param>
    public static IReadOnlyList<RenderedPrompt> Of(LoadedModel loaded, IReadOnlyList<CampaignPrompt> prompts, IReadOnlyList<int> distances,
        int maxNewTokens = 0) =>
        Of(loaded.Tokenizer, loaded.Directory, loaded.Config.MaxPositions, prompts, distances, maxNewTokens);

    /// <summary>The same from a tokenizer and a context length alone, without the model's weights: what a silo's API
    /// checks when a spec is submitted (<see cref="PromptFit"/>).</summary>
    public static IReadOnlyList<RenderedPrompt> Of(ITextTokenizer tokenizer, string directory, int context, IReadOnlyList<CampaignPrompt> prompts,
        IReadOnlyList<int> distances, int maxNewTokens)
    {
        var chat = prompts.Any(p => p.Chat) ? ChatFormat.Detect(tokenizer.ChatTemplate, directory) : null;
        IReadOnlyList<int> extras = distances.Count == 0 ? [0] : distances;
        var rendered = new List<RenderedPrompt>();
        var problems = new List<string>();
        foreach (var (prompt, index) in prompts.Select((p, i) => (p, i)))
        {
            var slot = new PromptTemplate(prompt.Name, prompt.Text, prompt.Chat).Render(tokenizer, chat);
            var slots = PositionSweep.Expand(slot, extras.Select(extra => slot.SuffixIds.Length + extra), tokenizer);
            var targets = prompt.Targets.Select(tokenizer.Encode).ToList();
            foreach (var (s, extra) in slots.Zip(extras))
            {
                // Named as the spec names it (the rendered name carries the resulting distance, not the spec's index).
                var subject = $"prompts[{index}] '{prompt.Name}'" + (distances.Count == 0 ? "" : $" at distance {extra}");
                if (ContextWindow.Problem(s, maxNewTokens, context, subject) is { } problem) problems.Add(problem);
                rendered.Add(new RenderedPrompt(s.Name, extra, s, new PromptContext(prompt.Kind, null, [.. s.PrefixIds, .. s.SuffixIds])) { Targets = targets, SpecName = prompt.Name });
            }
        }
        if (problems.Count > 0) throw new CampaignSpecException($"model {Path.GetFileName(directory)}", problems);
        return rendered;
    }
}
