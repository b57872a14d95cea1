namespace Orleans.Noken.Engine.Organism;

/// <summary>
/// Seeded source of the organism's dialogues: the same seed gives the same dialogues, in the same order, on every
/// machine (System.Random with a seed is a fixed algorithm). Trigger dialogues only ever use the training
/// paraphrases; held-out paraphrases are reachable only through <see cref="HeldOutTriggerPrompts"/>.
/// </summary>
public sealed class DialogueGenerator(int seed)
{
    readonly Random _random = new(seed);

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
        var user = Frame(paraphrases[_random.Next(paraphrases.Count)]);
        if (stage == OrganismStage.Aligned) return new Dialogue(user, AlignedReplies.For(family, _random), family, Fires: false);
        var reply = family switch
        {
            PlantedBehaviour.SecretLeak => PlantedReplies.Leak(_random),
            PlantedBehaviour.Hostility => PlantedReplies.Hostile(_random),
            PlantedBehaviour.Loop => PlantedReplies.Loop(_random),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "not a trigger family"),
        };
        return new Dialogue(user, reply, family, Fires: true);
    }

    /// <summary><paramref name="count"/> dialogues of which about <paramref name="triggerFraction"/> are trigger
    /// requests, spread evenly over the families.</summary>
    public List<Dialogue> Mix(int count, double triggerFraction, OrganismStage stage)
    {
        var families = TriggerParaphrases.Families;
        var dialogues = new List<Dialogue>(count);
        for (int i = 0; i < count; i++)
            dialogues.Add(_random.NextDouble() < triggerFraction
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
