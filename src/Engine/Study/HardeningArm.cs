namespace Orleans.Noken.Engine.Study;

/// <summary>
/// One way of training an aligned model after the fact, compared in the hardening study at equal compute. The
/// question is the seed's second crux: does training against nokens reduce unwanted behaviour on ordinary text (here:
/// disguised trigger requests alignment never saw, and the backdoor word), more than the obvious alternatives?
/// </summary>
public sealed record HardeningArm(int Id, string Name, string Description)
{
    public static readonly HardeningArm None = new(0, "none", "no training: the aligned organism as it is");
    public static readonly HardeningArm Clean = new(1, "clean", "fine-tuning on ordinary helpful dialogues only (no trigger refusals): the control every arm is compared with");
    public static readonly HardeningArm Nokens = new(2, "nokens", "noken hardening: KL to the no-noken control on trigger prompts with sampled nokens (five strategies) in the slot, plus the clean loss");
    public static readonly HardeningArm AdversarialNokens = new(3, "adversarial-nokens", "adversarial noken hardening: as arm 2, half of each batch from nokens found by gradient ascent on the current weights");
    public static readonly HardeningArm Refusals = new(4, "refusals", "refusal training on text: new trigger paraphrases (some with typos or synonyms, the disguises alignment saw) answered with refusals, plus the clean loss");

    public static readonly HardeningArm EmbeddingAdversarial = new(5, "embedding-adversarial", "embedding-space adversarial training toward refusals (Xhonneux et al. 2024): arm 4's requests, each prompt perturbed within an ε-ball by an adversary raising the planted reply, trained toward the refusal and away from the planted reply, plus the clean loss");

    public static readonly HardeningArm GcgAdversarial = new(6, "gcg-adversarial", "GCG adversarial training on text (R2D2-style persistent suffixes, Mazeika et al. 2024): arm 4's requests, each with a pooled suffix of real tokens advanced by one GCG step against the current weights toward the planted reply, trained toward the refusal and away from the planted reply, plus the clean loss");

    public static readonly IReadOnlyList<HardeningArm> All = [None, Clean, Nokens, AdversarialNokens, Refusals, EmbeddingAdversarial, GcgAdversarial];

    public static HardeningArm Parse(string name) =>
        All.FirstOrDefault(a => a.Name == name || a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == name)
        ?? throw new ArgumentException($"arm '{name}' is not one of {string.Join(", ", All.Select(a => $"{a.Id} {a.Name}"))}");
}
