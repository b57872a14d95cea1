namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// One (noken × prompt) result as a Parquet row, the same for <c>noken sweep</c>, <c>noken run</c> and the cluster
/// (docs/results-schema.md lists every column): everything needed to replay the noken (strategy, seed, index and the
/// recipe's parameters as JSON), which prompt and where the noken sat in it, which model, what the noken is near, what
/// the model and the control said, how the detectors scored it, and the ground-truth outcome. Detector scores are a
/// JSON object so that suites with different labels share one schema.
/// </summary>
public sealed class NokenRow
{
    /// <summary><c>{shard}/{index}</c> (<see cref="Search.ShardNames"/>): the shard file that holds the row and the noken's index.</summary>
    public string NokenId { get; set; } = "";
    public string Strategy { get; set; } = "";
    public string Parameters { get; set; } = "";
    /// <summary>The whole recipe as JSON (with the centre chain of an exploit shard's "around" recipe).</summary>
    public string Recipe { get; set; } = "";
    public long Seed { get; set; }
    public long Index { get; set; }
    /// <summary>The prompt's name as the spec wrote it: one group per prompt, whatever the distances.</summary>
    public string Prompt { get; set; } = "";
    /// <summary>Filler tokens the spec added between the noken and the rest of the prompt.</summary>
    public int Distance { get; set; }
    /// <summary>Tokens after the noken in the rendered prompt (its own suffix plus the filler): its distance from the end.</summary>
    public int TokensAfter { get; set; }
    /// <summary>The noken's 0-based token position in the model's input (the prompt tokens before it).</summary>
    public int Position { get; set; }
    /// <summary>The model as the spec named it (<see cref="RecordedModel"/>), never a path on the machine that ran it.</summary>
    public string Model { get; set; } = "";
    /// <summary>The checkpoint's content hash (<see cref="Checkpoints.CheckpointHash"/>): what identifies the weights.</summary>
    public string ModelHash { get; set; } = "";
    public double Norm { get; set; }
    public int NearestToken { get; set; }
    public string NearestText { get; set; } = "";
    public double NearestCosine { get; set; }
    public string Continuation { get; set; } = "";
    public string Control { get; set; } = "";
    public bool StoppedAtEos { get; set; }
    public double FirstStepKl { get; set; }
    public string TopLabel { get; set; } = "";
    public double UnwantedScore { get; set; }
    public string Scores { get; set; } = "";
    public string Evidence { get; set; } = "";
    /// <summary>The ground-truth outcome class (<see cref="Outcomes.OutcomeClass"/>): what decides a hit.</summary>
    public string Outcome { get; set; } = "";
    /// <summary>The planted behaviour ground truth found, or "".</summary>
    public string Planted { get; set; } = "";
    /// <summary>Mean NLL per token under the campaign's fixed reference model; NaN when the class did not need it.</summary>
    public double ReferenceNll { get; set; } = double.NaN;
    /// <summary>The best target's mean per-token log-probability given prompt and noken; NaN without targets.</summary>
    public double TargetLogProb { get; set; } = double.NaN;
}
