using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary>
/// The cluster commands (submit, status, list, watch, pause/resume/cancel, results, export, replay) as a user runs
/// them: the real <c>noken</c> binary against a real silo process over HTTP, asserting on exit codes and on what
/// is printed, and cross-checking against the files the silo wrote.
/// </summary>
public sealed partial class ClusterCommandsEndToEndTests(ClusterSilo silo) : IClassFixture<ClusterSilo>
{
    const int Budget = ClusterSilo.CompletedNokens;

    [Fact]
    public void SubmitPrintsTheIdAloneThenWatchFollowsThePlainWayToCompletion()
    {
        var (id, submit, watch) = silo.Completed;
        var submitted = Lines(submit.Stdout);
        Assert.Equal(id, submitted[0]);
        Assert.StartsWith($"Running: {Budget} nokens on ", submitted[1]);
        Assert.EndsWith("organism; results in folder " + silo.Store + " campaigns/" + id + "/", submitted[1]);
        Assert.Equal($"follow it with: noken watch {id}", submitted[2]);

        Assert.True(watch.ExitCode == 0, watch + silo.Describe());
        Assert.Equal("", watch.Stderr);
        // Redirected output gets one plain line per poll: no cursor movement, no colour.
        Assert.DoesNotContain('\u001b', watch.Stdout);
        var lines = Lines(watch.Stdout);
        var polls = lines.Where(l => PollLine().IsMatch(l)).ToList();
        Assert.NotEmpty(polls);
        Assert.Contains($" Completed {Budget}/{Budget} (100.0%) ", polls[^1]);
        Assert.Contains("| silos 1 |", polls[^1]);
        Assert.Contains(lines, l => l.StartsWith("elite #1 ", StringComparison.Ordinal));
        Assert.Equal($"campaign {id} completed: {Budget} nokens; results in folder {silo.Store} campaigns/{id}/", lines[^1]);
    }

    [Fact]
    public void OnATerminalWatchDrawsTheLiveViewAndStillEndsWithTheOutcome()
    {
        var (id, _, _) = silo.Completed;
        var watch = NokenProcess.RunOnTerminal(ClusterSilo.CliEnvironment(silo.Api, silo.Token), ClusterSilo.CommandTimeout, "watch", id);
        Assert.True(watch.ExitCode == 0, watch + silo.Describe());
        Assert.Matches(@"│ phase +│ Completed +│", watch.Stdout);
        Assert.Contains($"{Budget}/{Budget} (100.0%) nokens, 4 shards", watch.Stdout);
        Assert.Contains("elites", watch.Stdout);
        Assert.DoesNotMatch(@"(?m)^\d\d:\d\d:\d\d Completed ", watch.Stdout); // the live view, not the plain lines
        Assert.Contains($"campaign {id} completed: {Budget} nokens", watch.Stdout);
    }

    [Fact]
    public void ABadSpecIsRefusedWithEveryProblemAndExitCode2()
    {
        var spec = silo.WriteSpec("bad.yaml", EndToEndSpecs.Bad);
        var result = silo.Noken("submit", spec);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"error: bad.yaml: the cluster refused the spec with {EndToEndSpecs.BadProblems.Length} problem(s):", result.Stderr);
        foreach (var problem in EndToEndSpecs.BadProblems) Assert.Contains("\n  " + problem, result.Stderr);
        Assert.Empty(silo.CampaignFolders("bad"));
    }

    [Fact]
    public void ResubmittingUnderAnIdIsHarmlessButADifferentSpecThereIsAConflict()
    {
        var (id, _, _) = silo.Completed;
        var same = silo.Noken("submit", Path.Combine(silo.Folder, "tiny.yaml"), "--id", id);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Equal(id, Lines(same.Stdout)[0]);
        Assert.StartsWith($"Completed: {Budget} nokens", Lines(same.Stdout)[1]);

        var other = silo.WriteSpec("other.yaml", EndToEndSpecs.Tiny("other", perStrategy: 10));
        var conflict = silo.Noken("submit", other, "--id", id);
        Assert.True(conflict.ExitCode == 2, conflict.ToString());
        Assert.Contains("a campaign with this id already exists with a different spec", conflict.Stderr);
        Assert.Contains($"id: campaign '{id}' already exists with a different spec", conflict.Stderr);
    }

    [Fact]
    public void AWrongOrMissingTokenIsRefusedWithWhatToSet()
    {
        var spec = silo.WriteSpec("refused.yaml", EndToEndSpecs.Tiny("refused"));
        var api = silo.Api.ToString().TrimEnd('/');
        // A POST, and the first poll of a watch, which must fail at once rather than retry for two minutes.
        foreach (var command in new[] { new[] { "submit", spec }, ["watch", ClusterSilo.CompletedId] })
        {
            var wrong = silo.NokenWithToken("not-the-token", command);
            Assert.True(wrong.ExitCode == 2, wrong.ToString());
            Assert.Equal($"error: the API at {api} refused the token (set NOKEN_API_TOKEN to the cluster's token)", wrong.Stderr.Trim());
            Assert.Equal("", wrong.Stdout);
        }
        var none = silo.NokenWithToken("", "list");
        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.Equal($"error: the API at {api} needs a token (set NOKEN_API_TOKEN to the cluster's token)", none.Stderr.Trim());
        Assert.Empty(silo.CampaignFolders("refused"));
    }

    [Fact]
    public void ACommandForAnUnknownCampaignOrADeadApiSaysSo()
    {
        var unknown = silo.Noken("status", "no-such-campaign");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Equal("error: no campaign with id 'no-such-campaign'", unknown.Stderr.Trim());

        var dead = $"http://127.0.0.1:{Orleans.Noken.Cluster.Tests.SiloProcess.FreePort()}";
        var unreachable = silo.Noken("list", "--api", dead);
        Assert.True(unreachable.ExitCode == 2, unreachable.ToString());
        Assert.Equal($"error: cannot reach the noken API at {dead} (is a silo running? set NOKEN_API_URL or --api)", unreachable.Stderr.Trim());
    }

    [Fact]
    public void StatusShowsTheCampaignAndItsJson()
    {
        var (id, _, _) = silo.Completed;
        var table = silo.Noken("status", id);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches($@"│ campaign +│ {Regex.Escape(id)} +│", table.Stdout); // the name is the id: shown once
        Assert.Matches(@"│ phase +│ Completed +│", table.Stdout);
        Assert.Contains($"{Budget}/{Budget} (100.0%) nokens, 4 shards", table.Stdout);
        Assert.Contains("0 leased now, 0 waiting, 0 re-leased, 4 explore / 0 exploit", table.Stdout);
        Assert.Matches(@"│ search +│ hits/1k explore \d+\.\d exploit 0\.0, \d+ elites +│", table.Stdout);
        Assert.Contains($"e2e-silo: {Budget} nokens, 4 shards, seen", table.Stdout);

        var json = silo.Noken("status", id, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var status = JsonDocument.Parse(json.Stdout);
        var root = status.RootElement;
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal("Completed", root.GetProperty("phase").GetString());
        Assert.Equal(Budget, root.GetProperty("budget").GetInt64());
        Assert.Equal(Budget, root.GetProperty("nokensDone").GetInt64());
        Assert.Equal(4, root.GetProperty("shardsDone").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("failure").ValueKind);
        // The search counts the dashboards show, from the same coordinator state.
        var search = root.GetProperty("search");
        Assert.Equal(Budget, search.GetProperty("nokensByKind").GetProperty("explore").GetInt64());
        Assert.Equal(0, search.GetProperty("waiting").GetInt64());
        var only = Assert.Single(root.GetProperty("silos").EnumerateArray());
        Assert.Equal("e2e-silo", only.GetProperty("silo").GetString());
        Assert.Equal(Budget, only.GetProperty("nokens").GetInt64());
        Assert.True(root.GetProperty("finished").GetDateTimeOffset() >= root.GetProperty("created").GetDateTimeOffset());
        // Written for people too: a timestamp's '+' as itself, not as the HTML-safe \u002B.
        Assert.DoesNotContain("\\u002B", json.Stdout);
        Assert.Matches(@"""created"": ""\d{4}-\d\d-\d\dT[\d:.]+\+00:00""", json.Stdout);
    }

    [Fact]
    public async Task ListShowsEveryCampaignWithItsPhaseIncludingOneWithAGeneratedId()
    {
        var (id, _, _) = silo.Completed;
        var spec = silo.WriteSpec("listed.yaml", EndToEndSpecs.Tiny("e2e-gen", perStrategy: 50_000));
        var submit = silo.Noken("submit", spec);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var generated = Lines(submit.Stdout)[0];
        Assert.Matches(@"^e2e-gen-\d{8}-\d{6}-[0-9a-f]{4}$", generated);
        var cancel = silo.Noken("cancel", generated); // 100,000 nokens: stop it before it eats the CPU
        Assert.Equal($"{generated}: Cancelled", cancel.Stdout.Trim());
        await silo.WaitForAsync(generated, s => s.GetProperty("phase").GetString() == "Cancelled", "cancel");

        var list = silo.Noken("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches($@"│ {Regex.Escape(id)} +│ e2e-tiny +│ Completed +│ \d{{4}}-\d\d-\d\d \d\d:\d\d │", list.Stdout);
        Assert.Matches($@"│ {Regex.Escape(generated)} +│ e2e-gen +│ Cancelled +│", list.Stdout);
        Assert.DoesNotContain("│ bad ", list.Stdout);
    }

    [Fact]
    public async Task PauseHoldsTheCampaignResumeRestartsItCancelEndsItAndWatchExitsWith1()
    {
        const string id = "e2e-control";
        var spec = silo.WriteSpec("control.yaml", EndToEndSpecs.Tiny("e2e-control", perStrategy: 50_000));
        Assert.Equal(0, silo.Noken("submit", spec, "--id", id).ExitCode);
        await silo.WaitForAsync(id, s => s.GetProperty("nokensDone").GetInt64() > 0, "a first shard");

        var pause = silo.Noken("pause", id);
        Assert.True(pause.ExitCode == 0, pause.ToString());
        Assert.Equal($"{id}: Paused", pause.Stdout.Trim());
        // A shard in flight when the pause came may still land; after that, nothing moves.
        var paused = await silo.WaitForAsync(id, s => s.GetProperty("leased").GetInt32() == 0, "the in-flight shard landing");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var later = await silo.StatusAsync(id);
        Assert.Equal("Paused", later.GetProperty("phase").GetString());
        Assert.Equal(paused.GetProperty("nokensDone").GetInt64(), later.GetProperty("nokensDone").GetInt64());
        Assert.Equal($"{id}: Paused", silo.Noken("pause", id).Stdout.Trim()); // pausing twice is harmless

        var resume = silo.Noken("resume", id);
        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Equal($"{id}: Running", resume.Stdout.Trim());
        await silo.WaitForAsync(id, s => s.GetProperty("nokensDone").GetInt64() > later.GetProperty("nokensDone").GetInt64(), "work after resume");

        var cancel = silo.Noken("cancel", id);
        Assert.True(cancel.ExitCode == 0, cancel.ToString());
        Assert.Equal($"{id}: Cancelled", cancel.Stdout.Trim());
        // The coordinator's answer, not an echo of the request: a cancelled campaign stays cancelled.
        Assert.Equal($"{id}: Cancelled", silo.Noken("resume", id).Stdout.Trim());
        Assert.Equal($"{id}: Cancelled", silo.Noken("cancel", id).Stdout.Trim());

        var final = await silo.StatusAsync(id);
        var watch = silo.Noken("watch", id, "--interval", "0.3");
        Assert.True(watch.ExitCode == 1, watch.ToString());
        Assert.Equal($"campaign {id} was cancelled after {Count(final.GetProperty("nokensDone").GetInt64())} nokens", watch.Stderr.Trim());
        Assert.Contains(Lines(watch.Stdout), l => PollLine().IsMatch(l) && l.Contains(" Cancelled ", StringComparison.Ordinal));
    }

    [Fact]
    public void WatchOfACampaignThatFailedExitsWith1AndSaysWhy()
    {
        const string id = "e2e-broken";
        // A folder that exists (so the spec is accepted) but holds no checkpoint (so no silo can load it).
        var model = Directory.CreateDirectory(Path.Combine(silo.Folder, "not-a-model")).FullName;
        var spec = silo.WriteSpec("broken.yaml", EndToEndSpecs.Tiny("e2e-broken", perStrategy: 50, model: model));
        var submit = silo.Noken("submit", spec, "--id", id, "--watch", "--interval", "0.3");
        Assert.True(submit.ExitCode == 1, submit + silo.Describe());
        Assert.Equal(id, Lines(submit.Stdout)[0]);
        Assert.StartsWith($"campaign {id} failed: on silo e2e-silo: ", submit.Stderr);
        // The missing file, named relative to the models root: the silo's own folders stay out of a client's view.
        Assert.Contains(Path.Combine("not-a-model", "config.json"), submit.Stderr);
        Assert.DoesNotContain(silo.Folder, submit.Stderr);
    }

    [Fact]
    public void ResultsShowsTheTopElitesBestFirstAsTheStoreHasThem()
    {
        var (id, _, _) = silo.Completed;
        var json = silo.Noken("results", id, "--top", "3", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var elites = JsonSerializer.Deserialize<List<JsonElement>>(json.Stdout)!;
        Assert.Equal(3, elites.Count);
        var scores = elites.Select(e => e.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.All(scores, s => Assert.True(s > 0));
        Assert.All(elites, e => Assert.Matches(@"^\d{9}-[a-z-]+/\d+$", e.GetProperty("nokenId").GetString()));

        // The coordinator wrote the same archive next to the results when the campaign completed.
        using var stored = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(silo.CampaignFolder(id), "elites", "elites.json")));
        var storedIds = stored.RootElement.EnumerateArray().Select(e => e.GetProperty("nokenId").GetString()).ToList();
        Assert.Equal(storedIds.Take(3), elites.Select(e => e.GetProperty("nokenId").GetString()));

        var table = silo.Noken("results", id, "--top", "3");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"top 3 of {storedIds.Count} elites", table.Stdout);
        foreach (var elite in elites)
            Assert.Contains(elite.GetProperty("nokenId").GetString()!, table.Stdout);
        Assert.DoesNotContain(storedIds[3] + " ", table.Stdout);
        Assert.Equal($"replay one locally with: noken replay {storedIds[0]} --campaign {id}", Lines(table.Stdout)[^1]);
    }

    [Fact]
    public async Task ExportCopiesEveryFileAndARerunFetchesOnlyWhatIsMissing()
    {
        var (id, _, _) = silo.Completed;
        var folder = Path.Combine(silo.Folder, "export");
        var source = silo.CampaignFolder(id);
        var files = Directory.GetFiles(source, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(source, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("spec.json", files);
        Assert.Contains("summary.json", files);
        Assert.Equal(4, files.Count(f => f.EndsWith(".parquet", StringComparison.Ordinal)));

        var first = silo.Noken("export", id, "--out", folder);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith($"exported {files.Count} file(s), ", first.Stdout);
        Assert.EndsWith($", to {folder}", first.Stdout.Trim());
        Assert.Equal(files, Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal));
        foreach (var file in files) Assert.Equal(File.ReadAllBytes(Path.Combine(source, file)), File.ReadAllBytes(Path.Combine(folder, file)));

        var again = silo.Noken("export", id, "--out", folder);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal($"exported 0 file(s), 0 B, to {folder}; {files.Count} already there", again.Stdout.Trim());

        // The files a running campaign rewrites (elites, search checkpoint, summary) can change without changing size:
        // a rerun compares their content, not their size.
        var elites = Path.Combine(folder, "elites", "elites.json");
        File.WriteAllBytes(elites, Enumerable.Repeat((byte)' ', (int)new FileInfo(elites).Length).ToArray());
        var refreshed = silo.Noken("export", id, "--out", folder);
        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.StartsWith("exported 1 file(s), ", refreshed.Stdout);
        Assert.Equal(File.ReadAllBytes(Path.Combine(source, "elites", "elites.json")), File.ReadAllBytes(elites));

        // An interrupted export: one shard file missing, another cut short under its .part name.
        var shard = files.First(f => f.EndsWith(".parquet", StringComparison.Ordinal));
        File.Move(Path.Combine(folder, shard), Path.Combine(folder, shard + ".part"));
        File.WriteAllBytes(Path.Combine(folder, shard + ".part"), [1, 2, 3]);
        var resumed = silo.Noken("export", id, "--out", folder);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.StartsWith("exported 1 file(s), ", resumed.Stdout);
        Assert.EndsWith($"; {files.Count - 1} already there", resumed.Stdout.Trim());
        Assert.Equal(File.ReadAllBytes(Path.Combine(source, shard)), File.ReadAllBytes(Path.Combine(folder, shard)));
        Assert.Empty(Directory.GetFiles(folder, "*.part", SearchOption.AllDirectories));

        // On a terminal the export draws a progress bar; finishing it must not turn into an error.
        var live = Path.Combine(silo.Folder, "export-on-a-terminal");
        var terminal = NokenProcess.RunOnTerminal(ClusterSilo.CliEnvironment(silo.Api, silo.Token), ClusterSilo.CommandTimeout, "export", id, "--out", live);
        Assert.True(terminal.ExitCode == 0, terminal.ToString());
        Assert.Contains($"exported {files.Count} file(s), ", terminal.Stdout);
        Assert.DoesNotContain("error", terminal.Stdout);
        Assert.Equal(files.Count, Directory.GetFiles(live, "*", SearchOption.AllDirectories).Length);

        var rows = await ParquetRows.ReadAllAsync(folder);
        Assert.Equal(Budget * EndToEndSpecs.Prompts, rows.Count);
        Assert.Equal(Budget, rows.Select(r => r.NokenId).Distinct().Count());
        Assert.Equal(EndToEndSpecs.Prompts, rows.Select(r => r.Prompt).Distinct().Count());
    }

    [Fact]
    public void ReplayOfAnEliteFromResultsMatchesWhatTheCampaignRecorded()
    {
        var (id, _, _) = silo.Completed;
        var results = silo.Noken("results", id, "--top", "1", "--json");
        Assert.True(results.ExitCode == 0, results.ToString());
        var elite = Assert.Single(JsonSerializer.Deserialize<List<JsonElement>>(results.Stdout)!);
        var nokenId = elite.GetProperty("nokenId").GetString()!;

        var replay = silo.Noken("replay", nokenId, "--campaign", id);
        Assert.True(replay.ExitCode == 0, replay.ToString());
        var lines = Lines(replay.Stdout);
        Assert.StartsWith($"noken {nokenId}: ", lines[0]);
        Assert.EndsWith($", index {elite.GetProperty("index").GetInt64()}", lines[0]);
        Assert.EndsWith("models/organism/aligned (the campaign's model)", lines[1]);
        Assert.Equal(EndToEndSpecs.Prompts, lines.Count(l => l.StartsWith("  with the noken: ", StringComparison.Ordinal)));
        var score = elite.GetProperty("score").GetDouble().ToString("0.000", CultureInfo.InvariantCulture);
        Assert.True(lines.Any(l => l.StartsWith($"objective target_likelihood: {elite.GetProperty("label").GetString()}, score {score}", StringComparison.Ordinal)), replay.Stdout);
        Assert.True(lines.Any(l => l.StartsWith("[passphrase", StringComparison.Ordinal) && l.Contains(", target log-prob -", StringComparison.Ordinal)), replay.Stdout);
        Assert.Equal("matches what the campaign recorded for this noken", lines[^1]);

        var unknown = silo.Noken("replay", nokenId, "--campaign", "no-such-campaign");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Equal("error: no campaign with id 'no-such-campaign'", unknown.Stderr.Trim());

        var missing = silo.Noken("replay", "000000099-gaussian-diag/4950", "--campaign", id);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.StartsWith($"error: campaign {id} has no shard 000000099-gaussian-diag", missing.Stderr);
        Assert.Contains($"`noken results {id}` lists replayable noken ids", missing.Stderr);
    }

    static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A plain watch line: <c>12:34:56 Running 50/200 (25.0%) …</c>.</summary>
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (Pending|Running|Paused|Completed|Cancelled|Failed) [\d,]+/[\d,]+ \(\d+\.\d%\) ")]
    private static partial Regex PollLine();
}
