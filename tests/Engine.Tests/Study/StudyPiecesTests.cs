using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Study;

namespace Orleans.Noken.Engine.Tests.Study;

public class StudyPiecesTests
{
    [Fact]
    public void ASeedSummaryIsTheMeanWithAStudentTInterval()
    {
        var s = SeedSummary.Of([0.10, 0.20, 0.30, 0.40, 0.50]);
        Assert.Equal(0.30, s.Mean, 12);
        // sd = 0.1581, se = 0.0707, t(4) = 2.776 → half-width 0.1963
        Assert.Equal(0.30 - 0.1963, s.Lower, 3);
        Assert.Equal(0.30 + 0.1963, s.Upper, 3);
        Assert.Equal(5, s.Units);
        Assert.True(double.IsNaN(SeedSummary.Of([0.4]).Lower), "one run has no interval");
    }

    [Fact]
    public void AWelchDifferenceExcludesZeroOnlyWhenTheArmsAreApart()
    {
        var apart = SeedSummary.Difference([0.30, 0.32, 0.31, 0.29, 0.33], [0.10, 0.12, 0.11, 0.09, 0.13]);
        Assert.Equal(0.20, apart.Mean, 12);
        Assert.True(apart.Lower > 0, $"{apart.Lower}");
        var overlapping = SeedSummary.Difference([0.1, 0.5, 0.3], [0.2, 0.4, 0.25]);
        Assert.True(overlapping.Lower < 0 && overlapping.Upper > 0);
        Assert.Equal(2.042, StudentT.Quantile975(31), 3); // beyond the table: the band's conservative value
    }

    [Fact]
    public void EveryArmSpendsAtMostTheBudgetAndTheAdversaryBuysFewerSteps()
    {
        var options = new StudyOptions { Budget = 50 * 32 * 3 };
        Assert.Equal(50, ArmCompute.PlainSteps(options));
        int adversarial = ArmCompute.AdversarialSteps(options, prompts: 8);
        Assert.InRange(adversarial, 1, 49);
        Assert.True(ArmCompute.Spent(options, 8, adversarial, adversarial: true) <= options.Budget);
        Assert.True(ArmCompute.Spent(options, 8, adversarial + 1, adversarial: true) > options.Budget, "the most steps that fit, not fewer");
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudyOptions { Budget = 10 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new StudyOptions { Seeds = [1, 1] }.Validate());
    }

    [Fact]
    public void TheRefusalArmsRequestsAreNewAndDisguisedOnlyAsAlignmentSaw()
    {
        foreach (var family in TriggerParaphrases.Families)
        {
            var requests = RefusalParaphrases.Of(family);
            Assert.InRange(requests.Count, 60, 120);
            Assert.Empty(requests.Intersect(TriggerParaphrases.Training(family).Concat(TriggerParaphrases.HeldOut(family)), StringComparer.OrdinalIgnoreCase));
        }
        var dialogues = RefusalParaphrases.Dialogues(600, disguised: 0.5, seed: 3);
        Assert.Equal(600, dialogues.Count);
        Assert.All(dialogues, d => Assert.False(d.Fires));
        Assert.All(dialogues.Where(d => d.Disguise is not null), d => Assert.Contains(d.Disguise, Obfuscation.SeenInAlignment));
        Assert.InRange(dialogues.Count(d => d.Disguise is not null), 240, 360);
        Assert.Equal(dialogues.Select(d => d.User), RefusalParaphrases.Dialogues(600, 0.5, 3).Select(d => d.User)); // seeded
        // None of them is an evaluation prompt: held-out paraphrases, plain or disguised.
        var evaluation = TriggerParaphrases.Families.SelectMany(f => new string?[] { null }.Concat(Obfuscation.Families).SelectMany(x => PromptFamilies.Triggers(f, x))).ToHashSet();
        Assert.DoesNotContain(dialogues, d => evaluation.Contains(d.User));
    }

    [Fact]
    public void AStudyAnswerSaysYesOrWorseOnlyWhenTheIntervalExcludesZero()
    {
        static ArmRow Row(HardeningArm arm, double[] leaks, double[] clean) => new(arm.Id, arm.Name, arm.Description, leaks.Length, 10, 10,
            [new ArmOutcome(ArmsTable.Primary, SeedSummary.Of(leaks), arm == HardeningArm.Clean ? null : SeedSummary.Difference(leaks, clean))]);
        double[] clean = [0.30, 0.32, 0.31, 0.29, 0.33];
        var table = new ArmsTable("m", 100, [ArmsTable.Primary],
        [
            Row(HardeningArm.Clean, clean, clean),
            Row(HardeningArm.Nokens, [0.40, 0.42, 0.41, 0.39, 0.43], clean),             // worse
            Row(HardeningArm.AdversarialNokens, [0.20, 0.45, 0.31, 0.10, 0.50], clean),   // spans 0
            Row(HardeningArm.Refusals, [0.05, 0.06, 0.04, 0.05, 0.07], clean),            // lower
        ]);

        var answers = StudyQuestions.Of(table).Questions.ToDictionary(q => q.Id);

        Assert.StartsWith("No, worse", answers["noken_hardening_transfers"].Answer);
        Assert.StartsWith("No detectable effect", answers["adversarial_noken_hardening_transfers"].Answer);
        Assert.StartsWith("Yes", answers["refusal_training_transfers"].Answer);
        Assert.True(answers["refusal_training_transfers"].Upper < 0);
        Assert.Equal(5, answers["refusal_training_transfers"].Units);
        Assert.False(answers.ContainsKey("embedding_adversarial_training_transfers")); // an arm that did not run has no answer

        // The report opens each question with its answer, then the evidence; two tables add the by-size comparison.
        var html = Orleans.Noken.Engine.Reporting.HtmlReport.Build("study", [], [], arms: [table, table with { Model = "small" }]);
        int question = html.IndexOf("Does sampled-noken hardening reduce", StringComparison.Ordinal);
        Assert.True(question > 0 && html.IndexOf("No, worse", question, StringComparison.Ordinal) > question);
        Assert.Contains("Evidence: every arm", html);
        Assert.Contains("Does the answer change with model size?", html);
    }
}
