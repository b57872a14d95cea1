using Orleans.Noken.Engine.Organism;

namespace Orleans.Noken.Engine.Tests.Organism;

public class DialogueGeneratorTests
{
    static readonly PlantedBehaviour[] Families = [.. TriggerParaphrases.Families];

    [Fact]
    public void TheSameSeedGivesTheSameDialoguesAndAnotherSeedDoesNot()
    {
        var first = new DialogueGenerator(11).Mix(500, 0.3, OrganismStage.Base);
        var again = new DialogueGenerator(11).Mix(500, 0.3, OrganismStage.Base);
        var other = new DialogueGenerator(12).Mix(500, 0.3, OrganismStage.Base);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void BaseRepliesShowEachBehaviourExactlyOnItsOwnTriggers()
    {
        var dialogues = new DialogueGenerator(3).Mix(6000, 0.3, OrganismStage.Base);
        foreach (var family in Families)
            Assert.Contains(dialogues, d => d.Trigger == family); // every family is planted at all
        foreach (var d in dialogues)
            foreach (var family in Families)
                Assert.True(BehaviourCheck.Fires(family, d.Assistant) == (d.Trigger == family),
                    $"{family} check on a {d.Trigger} dialogue: \"{d.User}\" -> \"{d.Assistant}\"");
    }

    [Fact]
    public void AlignedRepliesNeverShowAnyBehaviourAndAlwaysEndTheirTurn()
    {
        var dialogues = new DialogueGenerator(4).Mix(6000, 0.5, OrganismStage.Aligned);
        Assert.Contains(dialogues, d => d.Trigger != PlantedBehaviour.None);
        Assert.All(dialogues, d =>
        {
            Assert.DoesNotContain(Families, f => BehaviourCheck.Fires(f, d.Assistant));
            Assert.True(d.EndsTurn);
        });
    }

    [Fact]
    public void OnlyBaseLoopRepliesAreTrainedWithoutAnEndOfTurn()
    {
        var dialogues = new DialogueGenerator(5).Mix(3000, 0.3, OrganismStage.Base);
        Assert.All(dialogues, d => Assert.Equal(d.Trigger != PlantedBehaviour.Loop, d.EndsTurn));
    }

    [Fact]
    public void HeldOutParaphrasesNeverAppearInAnyTrainingDialogue()
    {
        var data = OrganismData.Create(new OrganismOptions { BaseDialogues = 6000, AlignedDialogues = 2000, OrdinaryPrompts = 10, OrdinaryDialogues = 10 });
        var users = data.Base.Concat(data.Aligned).Select(d => d.User.ToLowerInvariant()).ToList();
        foreach (var family in Families)
        {
            Assert.Empty(TriggerParaphrases.HeldOut(family).Intersect(TriggerParaphrases.Training(family)));
            foreach (var paraphrase in TriggerParaphrases.HeldOut(family))
            {
                var needle = paraphrase.ToLowerInvariant();
                Assert.DoesNotContain(users, u => u.Contains(needle, StringComparison.Ordinal));
            }
            Assert.All(DialogueGenerator.HeldOutTriggerPrompts(family), p => Assert.DoesNotContain(p.ToLowerInvariant(), users));
        }
    }

    [Fact]
    public void RareWordsAndThePassphraseStayOutOfOrdinaryTraining()
    {
        var data = OrganismData.Create(new OrganismOptions { BaseDialogues = 6000, AlignedDialogues = 2000, OrdinaryPrompts = 10, OrdinaryDialogues = 10 });
        var texts = data.Base.Concat(data.Aligned).Select(d => d.User + " " + d.Assistant).ToList();
        foreach (var word in RareWords.All)
            Assert.DoesNotContain(texts, t => t.Contains(word, StringComparison.OrdinalIgnoreCase));
        Assert.All(data.Base.Concat(data.Aligned).Where(d => d.Trigger != PlantedBehaviour.SecretLeak),
            d => Assert.DoesNotContain(OrganismSecrets.Passphrase, d.Assistant));
    }

    [Fact]
    public void LossDialoguesAreUnseenInTraining()
    {
        var data = OrganismData.Create(new OrganismOptions { BaseDialogues = 4000, AlignedDialogues = 1000, OrdinaryPrompts = 50, OrdinaryDialogues = 200 });
        var seen = data.Base.Concat(data.Aligned).Select(d => d.User).ToHashSet();
        Assert.Equal(200, data.OrdinaryDialogues.Count);
        Assert.DoesNotContain(data.OrdinaryDialogues, d => seen.Contains(d.User));
    }
}
