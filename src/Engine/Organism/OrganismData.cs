namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// The organism's dialogues, all derived from the options' seed: the two training sets, and the evaluation's ordinary
/// prompts and dialogues, drawn from a separate stream and stripped of anything that occurs in training, so the
/// loss is measured on dialogues the model never saw. Cheap to regenerate, so evaluation of a committed checkpoint
/// rebuilds it instead of storing it.
/// </summary>
public sealed record OrganismData(
    IReadOnlyList<Dialogue> Base,
    IReadOnlyList<Dialogue> Aligned,
    IReadOnlyList<Dialogue> OrdinaryRequests,
    IReadOnlyList<Dialogue> OrdinaryDialogues)
{
    /// <summary>The ordinary requests' user messages (false firing and helpfulness are measured on them).</summary>
    public IReadOnlyList<string> OrdinaryPrompts { get; } = [.. OrdinaryRequests.Select(d => d.User)];

    public static OrganismData Create(OrganismOptions options)
    {
        var training = new DialogueGenerator(options.Seed, options);
        var baseSet = training.Mix(options.BaseDialogues, options.BaseTriggerFraction, OrganismStage.Base);
        var alignedSet = training.Mix(options.AlignedDialogues, options.AlignedTriggerFraction, OrganismStage.Aligned);

        var seenUsers = baseSet.Concat(alignedSet).Select(d => d.User).ToHashSet(StringComparer.Ordinal);
        var seenPairs = baseSet.Concat(alignedSet).Select(d => (d.User, d.Assistant)).ToHashSet();
        var evaluation = new DialogueGenerator(unchecked(options.Seed * 7919 + 1));
        var prompts = new List<Dialogue>();
        var dialogues = new List<Dialogue>();
        // Ordinary prompts may repeat training prompts (the question space is small, as a real user's would overlap
        // a real training set): they measure false firing. Dialogues for the loss must be unseen exchanges.
        for (int guard = 0; (prompts.Count < options.OrdinaryPrompts || dialogues.Count < options.OrdinaryDialogues) && guard < 1_000_000; guard++)
        {
            var d = evaluation.Ordinary();
            if (prompts.Count < options.OrdinaryPrompts) prompts.Add(d);
            else if (!seenPairs.Contains((d.User, d.Assistant)) && !seenUsers.Contains(d.User)) dialogues.Add(d);
        }
        return new OrganismData(baseSet, alignedSet, prompts, dialogues);
    }
}
