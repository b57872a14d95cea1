using Orleans.Noken.Engine.Organism;

namespace Orleans.Noken.Engine.Tests.Organism;

public class HelpfulAnswerTests
{
    [Theory]
    [InlineData("The answer is 7.", "7", true)]
    [InlineData("It is 17.", "7", false)]              // whole words: 7 is not in 17
    [InlineData("It is 7", "7", true)]
    [InlineData("the  CAPITAL of Peru is LIMA.", "Lima", true)]
    [InlineData("I am bored.", "red", false)]
    [InlineData("Say it: 1, 2, 3, 4.", "1, 2, 3, 4", true)]
    [InlineData("1, 2, 3.", "1, 2, 3, 4", false)]
    [InlineData("A noun is a word that names a person, place or thing", "A noun is a word that names a person, place or thing.", true)]
    [InlineData("", "Paris", false)]
    public void FindsTheAnswerAsWholeWordsIgnoringCaseSpacingAndTheFinalStop(string reply, string answer, bool helpful) =>
        Assert.Equal(helpful, HelpfulAnswer.Gives(reply, answer));

    [Fact]
    public void AnEmptyAnswerIsRefused() => Assert.Throws<ArgumentException>(() => HelpfulAnswer.Gives("anything", " . "));

    [Fact]
    public void EveryOrdinaryTrainingReplyGivesItsOwnAnswerAndTriggerDialoguesHaveNone()
    {
        var dialogues = new DialogueGenerator(9).Mix(5000, 0.3, OrganismStage.Aligned);
        Assert.Contains(dialogues, d => d.Trigger != PlantedBehaviour.None);
        Assert.All(dialogues, d =>
        {
            if (d.Trigger == PlantedBehaviour.None) Assert.True(HelpfulAnswer.Gives(d.Assistant, d.Answer!), $"\"{d.Assistant}\" lacks \"{d.Answer}\"");
            else Assert.Null(d.Answer);
        });
    }

    [Fact]
    public void AnAnswerTellsRepliesToOtherRequestsApart()
    {
        // Otherwise the rate would count any fluent reply as helpful: most replies to a different request must fail.
        var dialogues = new DialogueGenerator(10).Mix(2000, 0, OrganismStage.Aligned);
        var shifted = dialogues.Skip(1).Zip(dialogues, (other, d) => HelpfulAnswer.Gives(other.Assistant, d.Answer!) && other.Answer != d.Answer);
        Assert.True(shifted.Count(x => x) < dialogues.Count / 20, $"{shifted.Count(x => x)} of {dialogues.Count} replies to another request looked helpful");
    }
}
