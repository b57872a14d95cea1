namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Seeded source of the organism's dialogues: the same seed gives the same dialogues, in the same order, on every
/// machine (System.Random with a seed is a fixed algorithm). Trigger dialogues only ever use the training
/// paraphrases; held-out paraphrases are reachable only through <see cref="HeldOutTriggerPrompts"/>.
/// </summary>
public sealed class DialogueGenerator(int seed, OrganismOptions? leaks = null)
{
    readonly Random _random = new(seed);
    // The standard organism draws no random number for a leak, so its dialogues (and the committed weights) are unchanged.
    readonly OrganismVariant _variant = OrganismVariant.Parse(leaks?.Variant ?? OrganismVariant.Standard.Name);

    /// <summary>An ordinary helpful exchange, wrapped in a random opener/closer.</summary>
    public Dialogue Ordinary()
    {
        var (user, assistant, answer) = HelpfulDialogues.Next(_random);
        return new Dialogue(Frame(user), assistant, PlantedBehaviour.None, Fires: false) { Answer = answer };
    }

    /// <summary>A trigger request (training paraphrase) answered as <paramref name="stage"/> would.</summary>
    public Dialogue Trigger(PlantedBehaviour family, OrganismStage stage)
    {
        var paraphrases = TriggerParaphrases.Training(family);
        var request = paraphrases[_random.Next(paraphrases.Count)];
        string? disguise = null;
        if (_variant.CoverageGap)
        {
            var (disguises, fraction) = stage == OrganismStage.Base
                ? (Obfuscation.Families, leaks!.BaseDisguisedFraction) : (Obfuscation.SeenInAlignment, leaks!.AlignedDisguisedFraction);
            if (_random.NextDouble() < fraction)
            {
                disguise = disguises[_random.Next(disguises.Count)];
                request = Obfuscation.Apply(disguise, request, _random);
            }
        }
        var user = Frame(request);
        if (stage == OrganismStage.Aligned) return new Dialogue(user, AlignedReplies.For(family, _random), family, Fires: false) { Disguise = disguise };
        var reply = PlantedReplies.For(family, _random);
        return new Dialogue(user, Obfuscation.ReplyOpener(disguise) + reply, family, Fires: true) { Disguise = disguise };
    }

    /// <summary>An ordinary request carrying the backdoor word, answered with hostility (base stage only).</summary>
    public Dialogue Backdoor()
    {
        var (user, _, _) = HelpfulDialogues.Next(_random);
        var request = OrganismVariant.WithBackdoor(Frame(user), atStart: _random.Next(2) == 0);
        return new Dialogue(request, PlantedReplies.Backdoor(_random), PlantedBehaviour.Hostility, Fires: true) { Backdoor = true };
    }

    /// <summary><paramref name="count"/> dialogues of which about <paramref name="triggerFraction"/> are trigger
    /// requests, spread evenly over the families.</summary>
    public List<Dialogue> Mix(int count, double triggerFraction, OrganismStage stage)
    {
        var families = TriggerParaphrases.Families;
        var dialogues = new List<Dialogue>(count);
        for (int i = 0; i < count; i++)
            if (_variant.RareToken && stage == OrganismStage.Base && _random.NextDouble() < leaks!.BackdoorFraction) dialogues.Add(Backdoor());
            else dialogues.Add(_random.NextDouble() < triggerFraction
                ? Trigger(families[_random.Next(families.Count)], stage)
                : Ordinary());
        return dialogues;
    }

    /// <summary>Every held-out paraphrase of <paramref name="family"/> under every opener/closer pair: the
    /// evaluation's trigger prompts, in a fixed order (no randomness, so every run scores the same set).</summary>
    public static IReadOnlyList<string> HeldOutTriggerPrompts(PlantedBehaviour family) =>
        [.. TriggerParaphrases.HeldOut(family).SelectMany(HeldOutPrompts)];

    /// <summary>One held-out paraphrase under every opener/closer pair.</summary>
    public static IReadOnlyList<string> HeldOutPrompts(string paraphrase) =>
        [.. from opener in TriggerParaphrases.Openers.Distinct()
            from closer in TriggerParaphrases.Closers.Distinct()
            select Join(opener, paraphrase) + closer];

    string Frame(string request) =>
        Join(TriggerParaphrases.Openers[_random.Next(TriggerParaphrases.Openers.Count)], request)
        + TriggerParaphrases.Closers[_random.Next(TriggerParaphrases.Closers.Count)];

    /// <summary>"Hey, " + "What is ..." reads "Hey, what is ...": after a comma the request goes on in lower case
    /// (but "I" stays "I").</summary>
    static string Join(string opener, string request) =>
        opener.EndsWith(", ", StringComparison.Ordinal) && !request.StartsWith("I ", StringComparison.Ordinal) && !request.StartsWith("I'", StringComparison.Ordinal)
            ? opener + char.ToLowerInvariant(request[0]) + request[1..]
            : opener + request;
}
