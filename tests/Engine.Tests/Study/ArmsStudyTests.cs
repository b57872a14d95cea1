using System.Text.Json;
using Orleans.Noken.Engine.Attacks;
using Orleans.Noken.Engine.Checkpoints;
using Orleans.Noken.Engine.Organism;
using Orleans.Noken.Engine.Study;
using Orleans.Noken.Engine.Tests.Checkpoints;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Tests.Study;

/// <summary>The study's plumbing on a micro leaky organism (a handful of steps: the science is not under test here).</summary>
public class ArmsStudyTests
{
    // The vocabulary is sized to the tokenizer by the trainer; this one is a placeholder.
    static readonly ModelConfig Micro = new()
    {
        ModelType = "llama", Family = ModelFamily.Llama, VocabSize = 448, HiddenSize = 32, NumLayers = 2, NumHeads = 4, NumKeyValueHeads = 2, HeadDim = 8,
        IntermediateSize = 64, MaxPositions = 128, NormEpsilon = 1e-5, TieWordEmbeddings = true,
    };

    static OrganismOptions MicroLeaky => new()
    {
        Variant = "leaky", TokenizerVocabSize = 400, BaseDialogues = 400, AlignedDialogues = 200, BaseSteps = 6, AlignedSteps = 4,
        BatchSize = 16, OrdinaryPrompts = 4, OrdinaryDialogues = 8, MaxNewTokens = 3, Shape = Micro,
        FamilyPromptStride = 25, MaxLength = 100, // a 400-token vocabulary spells a role-play request out in more than the organism's 56 tokens
    };

    [Fact]
    public void EveryArmRunsEverySeedWithinTheBudgetAndARerunResumesInsteadOfRetraining()
    {
        using var dir = new TempDirectory();
        var organism = MicroLeaky;
        var organismDir = Path.Combine(dir.Path, "organism");
        OrganismTrainer.Train(organismDir, organism, _ => { }, ScalarType.Float32);
        var aligned = Path.Combine(organismDir, OrganismTrainer.AlignedFolder);
        var options = new StudyOptions { Budget = 4 * 8 * 3, BatchSize = 8, Seeds = [1, 2], OrdinaryPrompts = 4, Nokens = 10, AdversarialEvery = 2, AdversarialNokens = 2, AscentSteps = 1,
            GcgCandidates = 4, Suite = SuiteOptions.Miniature };
        var outDir = Path.Combine(dir.Path, "study");

        var log = new List<string>();
        var table = ArmsStudy.Run(aligned, outDir, organism, options, log.Add);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6], table.Arms.Select(a => a.Id));
        Assert.Equal(1, table.Arms[0].Seeds);                     // no training: one evaluation stands for all seeds
        Assert.All(table.Arms.Skip(1), a => Assert.Equal(2, a.Seeds));
        Assert.All(table.Arms, a => Assert.True(a.Spent <= options.Budget, $"{a.Arm} spent {a.Spent}"));
        Assert.Equal(4, table.Arms.Single(a => a.Arm == "clean").Steps);
        Assert.InRange(table.Arms.Single(a => a.Arm == "adversarial-nokens").Steps, 1, 3); // the ascent is paid for in steps
        Assert.Equal(ArmCompute.ContinuousSteps(options), table.Arms.Single(a => a.Arm == "embedding-adversarial").Steps);
        Assert.InRange(ArmCompute.ContinuousSteps(options), 1, 3);
        Assert.Equal(ArmCompute.GcgSteps(options), table.Arms.Single(a => a.Arm == "gcg-adversarial").Steps);
        Assert.InRange(ArmCompute.GcgSteps(options), 1, 3);                                  // the candidates are paid for in steps too
        Assert.Equal(ArmsTable.Primary, table.Outcomes[0]);
        Assert.Null(table.Arms.Single(a => a.Arm == "clean").Outcomes[0].VersusClean);
        Assert.NotNull(table.Arms.Single(a => a.Arm == "refusals").Outcomes[0].VersusClean);

        var runs = Directory.GetFiles(Path.Combine(outDir, ArmsStudy.RunsFolder), "*.json");
        Assert.Equal(13, runs.Length);
        var none = JsonSerializer.Deserialize<ArmRun>(File.ReadAllText(runs.Single(f => f.Contains("0-none"))), OrganismJson.Options)!;
        var clean = JsonSerializer.Deserialize<ArmRun>(File.ReadAllText(runs.Single(f => f.Contains("1-clean-seed1"))), OrganismJson.Options)!;
        // Every family is measured on every run, and training changed the model (its loss on unseen dialogues moved).
        Assert.Equal(525 / 25, none.Evaluation.Families!.Single(f => f.Family == Obfuscation.Leet && f.Behaviour == "Any").Prompts);
        Assert.Equal(525, none.Evaluation.Families!.Single(f => f.Family == PromptFamilies.Plain && f.Behaviour == "Any").Prompts); // reused, never strided
        Assert.NotEqual(none.OrdinaryLoss, clean.OrdinaryLoss);
        // Every run carries the whole suite, each measure counted over the units it names, and the table has a row for each.
        var suite = clean.Suite!.ToDictionary(r => r.Key);
        int triggerPairs = SuiteOptions.Miniature.Nokens * TriggerParaphrases.Families.Count * SuiteOptions.Miniature.TriggerPromptsPerFamily;
        foreach (var key in new[] { "noken_d0:planted", "noken_d4:planted", "noken_end:planted", "residual_b1:planted", "nokens_x2:planted" })
            Assert.Equal(triggerPairs, suite[key].Units);
        Assert.Equal(SuiteOptions.Miniature.Nokens * SuiteOptions.Miniature.BenignPrompts, suite["benign:over_refusal"].Units);
        Assert.Equal(AttackGoal.Names.Count, suite["embedding_attack:success"].Units);
        Assert.Equal(AttackGoal.Names.Count, suite["gcg:success"].Units);
        Assert.Equal(AttackGoal.Names.Sum(g => AttackGoal.Parse(g).Prefills.Count), suite["prefill:success"].Units);
        Assert.All(suite.Keys, key => Assert.Contains(key, table.Outcomes));

        var answers = JsonSerializer.Deserialize<StudyAnswers>(File.ReadAllText(Path.Combine(outDir, StudyAnswers.File)), OrganismJson.Options)!;
        Assert.Contains(answers.Questions, q => q.Id == "adversarial_noken_hardening_transfers" && q.Units == 2);

        var written = File.GetLastWriteTimeUtc(runs[0]);
        var again = new List<string>();
        var resumed = ArmsStudy.Run(aligned, outDir, organism, options, again.Add);
        Assert.Contains(again, l => l.Contains("13 already done"));
        Assert.Equal(written, File.GetLastWriteTimeUtc(runs[0]));
        Assert.Equal(OrganismJson.Serialize(table), OrganismJson.Serialize(resumed));
        // Runs trained at another budget are refused, not mixed into a table that claims equal compute.
        var other = Assert.Throws<InvalidDataException>(() => ArmsStudy.Run(aligned, outDir, organism, options with { Budget = options.Budget * 2 }, _ => { }, modelName: "micro"));
        Assert.Contains("budget", other.Message);
        // A look at a study in progress trains nothing: the table has the finished seeds only and says what is missing.
        var look = new List<string>();
        var partial = ArmsStudy.Run(aligned, outDir, organism, options with { Seeds = [1, 2, 3] }, look.Add, tableOnly: true);
        Assert.Contains(look, l => l.Contains("6 runs not done yet"));
        Assert.All(partial.Arms.Skip(1), a => Assert.Equal(2, a.Seeds));
        Assert.Equal(13, Directory.GetFiles(Path.Combine(outDir, ArmsStudy.RunsFolder), "*.json").Length);
    }

    [Fact]
    public void AlignmentCanBeRetrainedFromAnExistingBase()
    {
        using var dir = new TempDirectory();
        var organism = MicroLeaky;
        var first = Path.Combine(dir.Path, "first");
        OrganismTrainer.Train(first, organism, _ => { }, ScalarType.Float32);
        var second = Path.Combine(dir.Path, "second");
        var log = new List<string>();
        var report = OrganismTrainer.Train(second, organism with { AlignedSteps = 2 }, log.Add, ScalarType.Float32, fromBase: Path.Combine(first, OrganismTrainer.BaseFolder));

        Assert.Null(report.BaseTraining);
        Assert.Equal(2, report.AlignedTraining!.Steps);
        Assert.Contains(log, l => l.Contains("only the aligned stage is trained"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "base", "model.safetensors")), File.ReadAllBytes(Path.Combine(second, "base", "model.safetensors")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(first, "aligned", "model.safetensors")), File.ReadAllBytes(Path.Combine(second, "aligned", "model.safetensors")));
        Assert.Throws<FileNotFoundException>(() => OrganismTrainer.Train(Path.Combine(dir.Path, "third"), organism, _ => { }, ScalarType.Float32, fromBase: dir.Path));
    }
}
