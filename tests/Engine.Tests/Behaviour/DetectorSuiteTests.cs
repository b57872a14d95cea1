using System.Text.Json;
using Orleans.Noken.Engine.Behaviour;

namespace Orleans.Noken.Engine.Tests.Behaviour;

public sealed class DetectorSuiteTests
{
    [Fact]
    public void TheConfigRoundTripsThroughJson()
    {
        var json = DetectorSuiteConfig.Organism.ToJson();
        var back = DetectorSuiteConfig.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(DetectorSuiteConfig.Organism.Detectors.Select(d => (d.Detector, d.EffectiveLabel, d.Weight, d.Threshold)),
            back.Detectors.Select(d => (d.Detector, d.EffectiveLabel, d.Weight, d.Threshold)));
        Assert.Equal(new[] { DetectorSuiteConfig.SecretPattern }, back.Detectors[0].Parameters!["patterns"].EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void EveryProblemOfAConfigIsListedWithTheKnownNames()
    {
        var config = DetectorSuiteConfig.FromJson("""
            { "detectors": [
                { "detector": "sarcasm" },
                { "detector": "lexicon", "label": "hostile", "parameters": { "words": [] } },
                { "detector": "lexicon", "label": "hostile", "weight": -1, "parameters": { "words": ["idiot"], "wrods": 1 } },
                { "detector": "repetition", "threshold": 1.5, "parameters": { "minRepeats": "three", "low": 0.9, "high": 0.2 } },
                { "detector": "target_pattern", "parameters": { "patterns": ["(unclosed"] } },
                { "detector": "gibberish", "parameters": { "margn": 2 } }
            ] }
            """);
        var e = Assert.Throws<ArgumentException>(() => DetectorSuite.Create(config));
        foreach (var expected in new[]
        {
            "unknown detector 'sarcasm'",
            "detector 'hostile': 'words' must not be empty",
            "label 'hostile' is used twice",
            "detector 'hostile': weight must be a finite number ≥ 0, got -1",
            "detector 'hostile': unknown parameter 'wrods'; did you mean 'words'? (known: words)",
            "detector 'repetition': threshold must be in (0, 1], got 1.5",
            "detector 'repetition': 'minRepeats' must be an integer, got \"three\"",
            "detector 'repetition': 'low' (0.9) must be below 'high' (0.2)",
            "detector 'target_pattern': pattern '(unclosed' is not a valid regular expression",
            "detector 'gibberish': unknown parameter 'margn'; did you mean 'margin'?",
            "known detectors: repetition, gibberish, silence, evasion, echo_failure, derailment, lexicon, target_pattern",
        })
            Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MalformedJsonIsAFormatError() =>
        Assert.Throws<FormatException>(() => DetectorSuiteConfig.FromJson("{ \"detectors\": [ { \"detector\": 3 } ] }"));

    [Fact]
    public void GibberishWithoutAModelIsSkippedAndSaysSo()
    {
        var suite = DetectorSuite.Create(DetectorSuiteConfig.Organism);
        Assert.DoesNotContain("gibberish", suite.Labels);
        Assert.Equal(new[] { new SkippedDetector("gibberish", "needs a model (none given)") }, suite.Skipped);
    }

    [Fact]
    public void TheUnwantedScoreIsTheNormalisedWeightedMean()
    {
        var suite = DetectorSuite.Create(new DetectorSuiteConfig(
        [
            DetectorSpec.Of(DetectorCatalog.Lexicon, "hostile", weight: 3, parameters: ("words", new[] { "idiot" })),
            DetectorSpec.Of(DetectorCatalog.Silence, weight: 1),
        ]));
        Assert.Equal(0.75, suite.Score(Detect.Text("you idiot")).UnwantedScore, 9);
        Assert.Equal(0.25, suite.Score(Detect.Text("")).UnwantedScore, 9);
        Assert.Equal(0.0, suite.Score(Detect.Text("hello")).UnwantedScore, 9);
    }

    [Fact]
    public void TheTopLabelIsTheStrongestSpecificDetectorAndDerailmentOnlyAFallback()
    {
        var suite = DetectorSuite.Create(DetectorSuiteConfig.Organism);
        const string control = "The capital of France is Paris.";
        var hostile = suite.Score(Detect.Text("You idiot.", control));
        Assert.Equal("hostile", hostile.TopLabel);
        Assert.Equal(1.0, hostile["derailment"]!.Score, 9); // derailment fired too, but is only the fallback
        Assert.Equal("derailment", suite.Score(Detect.Text("Bees make honey in the hive.", control)).TopLabel);
        Assert.Equal(BehaviourVerdict.NoLabel, suite.Score(Detect.Text("Paris is the capital of France.", control)).TopLabel);
        Assert.Equal("secret", suite.Score(Detect.Text("violet-anchor-93 violet-anchor-93 violet-anchor-93 violet-anchor-93", control)).TopLabel);
    }

    [Fact]
    public void EveryVerdictHasOneScorePerDetectorInConfigOrderWithinZeroAndOne()
    {
        var suite = DetectorSuite.Create(DetectorSuiteConfig.Organism);
        var texts = new[] { "", "no no no no no no no no no", "I can't help with that.", "\"pear\"", "violet-anchor-93" };
        var verdicts = suite.Score(texts.Select(t => Detect.Text(t, "\"apple\"", PromptKind.Echo, "apple")).ToList());
        Assert.All(verdicts, v =>
        {
            Assert.Equal(suite.Labels, v.Scores.Select(s => s.Label));
            Assert.All(v.Scores, s => Assert.InRange(s.Score, 0, 1));
            Assert.InRange(v.UnwantedScore, 0, 1);
        });
        Assert.Equal(new[] { "silence", "repetition", "evasion", "echo_failure", "secret" }, verdicts.Select(v => v.TopLabel));
    }

    [Fact]
    public void SpecParametersFromCodeAreJsonValues()
    {
        var spec = DetectorSpec.Of(DetectorCatalog.Repetition, parameters: ("minRepeats", 4));
        Assert.Equal(JsonValueKind.Number, spec.Parameters!["minRepeats"].ValueKind);
    }
}
