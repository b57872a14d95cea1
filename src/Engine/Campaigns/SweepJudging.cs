using System.Text.Json;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Judging;
using Orleans.Noken.Results;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>One judged pair, as a line of <c>judge.jsonl</c>: the noken and prompt (its name and the noken's tokens
/// from the end, as the row's columns), the cheap detectors' top label and unwanted score, and the judge's verdict.</summary>
public sealed record JudgedPair(string NokenId, string Prompt, string TopLabel, double UnwantedScore, JudgeVerdict Verdict)
{
    public int TokensAfter { get; init; }
}

/// <summary>
/// The LLM judge over a finished sweep: reads every shard's rows back, picks the shortlist (top by unwanted score
/// plus a seeded random sample), sends each pair with its control to the judge, and writes <c>judge.jsonl</c>.
/// </summary>
public static class SweepJudging
{
    public const string FileName = "judge.jsonl";

    /// <summary>Reads and writes through <paramref name="store"/> (default: the spec's output folder, holding this
    /// campaign at its root, as <see cref="LocalSweep"/> writes it).</summary>
    public static async Task<IReadOnlyList<JudgedPair>> RunAsync(CampaignSpec spec, LlmJudge judge, CancellationToken cancellation = default,
        IResultStore? store = null, ResultPaths? paths = null)
    {
        store ??= new FolderResultStore(spec.Output);
        paths ??= ResultPaths.AtRoot;
        var rows = await CampaignRows.ReadAsync(store, paths, cancellation);
        var settings = spec.Judge ?? throw new ArgumentException("the campaign has no judge section");
        var chosen = Shortlist.Select(rows.Select(r => r.UnwantedScore).ToList(), settings.Top, settings.Random, settings.Seed)
            .Select(i => rows[i]).ToList();
        var prompts = spec.Prompts.ToDictionary(p => p.Name, p => p.Text.Replace(PromptTemplate.Slot, "<noken>", StringComparison.Ordinal));
        var cases = chosen.Select(r => new JudgeCase($"{r.NokenId}|{r.Prompt}@{r.TokensAfter}", prompts.GetValueOrDefault(r.Prompt, r.Prompt), r.Continuation, r.Control)).ToList();
        var verdicts = await judge.JudgeAsync(cases, cancellation);
        var judged = chosen.Select((r, i) => new JudgedPair(r.NokenId, r.Prompt, r.TopLabel, r.UnwantedScore, verdicts[i]) { TokensAfter = r.TokensAfter }).ToList();
        var lines = string.Concat(judged.Select(j => JsonSerializer.Serialize(j, SweepSummary.Json.WithoutIndentation()) + Environment.NewLine));
        await store.WriteAsync(paths.Judge, System.Text.Encoding.UTF8.GetBytes(lines), cancellation);
        return judged;
    }

    static JsonSerializerOptions WithoutIndentation(this JsonSerializerOptions options) => new(options) { WriteIndented = false };
}
