using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Nokens.Samplers;

namespace Orleans.Noken.Engine.Search;

/// <summary>
/// Decides what to sample next. Each shard either explores (a fresh index range of a base strategy, in turn) or
/// exploits (an <c>around</c> recipe centred on an archived elite): classes are taken round-robin so every kind of
/// find keeps being worked, and within a class an elite is drawn in proportion to its score. Each class's step size
/// follows the 1/5th success rule. Completed shards' compact outcomes fold into the archive and statistics.
/// </summary>
/// <remarks>
/// Deterministic: a shard's random decisions are a function of (campaign seed, shard id) and the state, so the same
/// sequence of calls gives the same shards, and a policy resumed from <see cref="Checkpoint"/> continues exactly
/// as the original would have. Not thread-safe: the coordinator grain calls it one message at a time.
/// </remarks>
public sealed class AdaptiveSearchPolicy
{
    const ulong DecisionStream = 0x5EA4C4;

    readonly SearchOptions _options;
    long _issued, _completed, _nextShardId, _exploreShards, _classCursor;
    readonly long[] _nextStart;
    readonly SortedDictionary<long, SearchShard> _pending = new();
    readonly SortedDictionary<string, ClassStatistics> _classes = new(StringComparer.Ordinal);
    readonly SortedDictionary<string, long> _hits = new(StringComparer.Ordinal);
    readonly EliteArchive _archive;

    public AdaptiveSearchPolicy(SearchOptions options, SearchState? resume = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _nextStart = new long[options.BaseStrategies.Count];
        _archive = new EliteArchive(options.ElitesPerClass);
        if (resume is null) return;

        if (resume.NextStart.Count != _nextStart.Length)
            throw new ArgumentException($"the state has {resume.NextStart.Count} base strategies, the options {_nextStart.Length}", nameof(resume));
        (_issued, _completed, _nextShardId, _exploreShards, _classCursor) =
            (resume.Issued, resume.Completed, resume.NextShardId, resume.ExploreShards, resume.ClassCursor);
        resume.NextStart.ToArray().CopyTo(_nextStart, 0);
        foreach (var shard in resume.Pending) _pending[shard.Id] = shard;
        foreach (var (label, statistics) in resume.Classes) _classes[label] = statistics;
        foreach (var (label, hits) in resume.HitsByClass) _hits[label] = hits;
        _archive = new EliteArchive(options.ElitesPerClass, resume.Archive.Elites);
    }

    public SearchOptions Options => _options;
    public EliteArchive Archive => _archive;
    public long Issued => _issued;
    public long Hits => _hits.Values.Sum();
    public IReadOnlyDictionary<string, long> HitsByClass => _hits;
    public IReadOnlyDictionary<string, ClassStatistics> Classes => _classes;
    /// <summary>Issued shards whose outcomes have not come back, by id.</summary>
    public IReadOnlyCollection<SearchShard> Pending => _pending.Values;
    public long Completed => _completed;

    /// <summary>The whole budget was issued and every shard came back.</summary>
    public bool IsFinished => _issued >= _options.Budget && _pending.Count == 0;

    /// <summary>The next shard to run, or null once the whole budget has been issued.</summary>
    public SearchShard? NextShard()
    {
        if (_issued >= _options.Budget) return null;
        long id = _nextShardId++;
        int count = (int)Math.Min(_options.ShardSize, _options.Budget - _issued);
        var random = new CounterRandom(_options.Seed, id, DecisionStream);
        bool explore = random.NextDouble() < _options.ExploreFraction;
        var exploitable = explore ? [] : ExploitableClasses();
        var shard = exploitable.Count == 0 ? Explore(id, count) : Exploit(id, count, exploitable, ref random);
        _issued += shard.Count;
        _pending[id] = shard;
        return shard;
    }

    /// <summary>
    /// Folds a completed shard's outcomes in. False (and nothing changes) for a shard that is not pending — a late
    /// duplicate report must not count twice.
    /// </summary>
    public bool Complete(long shardId, IReadOnlyList<NokenOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (!_pending.TryGetValue(shardId, out var shard)) return false;
        // Checked before anything changes, so a bad report leaves the shard pending and the state untouched.
        foreach (var outcome in outcomes)
            if (outcome.Index < shard.Start || outcome.Index >= shard.Start + shard.Count)
                throw new ArgumentException($"noken {outcome.Index} is not in shard {shardId} ({shard.Start}..{shard.Start + shard.Count - 1})", nameof(outcomes));
        _pending.Remove(shardId);
        _completed += shard.Count;
        double threshold = _options.SuccessThreshold;
        // Success for the 1/5th rule: around an elite already above the threshold, staying a hit; around one below
        // it, doing at least as well as the elite (climbing towards the threshold).
        double bar = Math.Min(threshold, shard.CentreScore);
        int successes = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.Hit) _hits[outcome.Label] = _hits.GetValueOrDefault(outcome.Label) + 1;
            if (outcome.Score >= bar) successes++;
            _archive.Offer(new Elite(shard.Recipe, outcome.Index, outcome.Label, outcome.Score, outcome.Continuation) { NokenId = shard.NokenId(outcome.Index) });
        }
        if (shard.Class is { } label && outcomes.Count > 0)
        {
            var statistics = StatisticsOf(label);
            double rate = (double)successes / outcomes.Count;
            double step = rate > _options.TargetSuccessRate ? statistics.Step * _options.StepFactor
                : rate < _options.TargetSuccessRate ? statistics.Step / _options.StepFactor
                : statistics.Step;
            _classes[label] = statistics with
            {
                Step = Math.Clamp(step, _options.MinStep, _options.MaxStep),
                ExploitShards = statistics.ExploitShards + 1,
                ExploitNokens = statistics.ExploitNokens + outcomes.Count,
                Successes = statistics.Successes + successes,
            };
        }
        return true;
    }

    /// <summary>The state to persist; <c>new AdaptiveSearchPolicy(options, state)</c> resumes from it.</summary>
    public SearchState Checkpoint() => new(
        _issued, _completed, _nextShardId, _exploreShards, _nextStart.ToArray(), _classCursor,
        _pending.Values.ToList(),
        new SortedDictionary<string, ClassStatistics>(_classes, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_hits, StringComparer.Ordinal),
        _archive.Clone());

    public ClassStatistics StatisticsOf(string label) =>
        _classes.TryGetValue(label, out var statistics) ? statistics : new ClassStatistics(_options.InitialStep);

    SearchShard Explore(long id, int count)
    {
        int strategy = (int)(_exploreShards++ % _nextStart.Length);
        if (_options.Quotas is { } quotas)
        {
            // The next strategy in turn with quota left; when none has any, the plain turn.
            for (int k = 0; k < quotas.Count; k++)
            {
                int candidate = (strategy + k) % quotas.Count;
                if (_nextStart[candidate] >= quotas[candidate]) continue;
                strategy = candidate;
                count = (int)Math.Min(count, quotas[candidate] - _nextStart[candidate]);
                break;
            }
        }
        long start = _nextStart[strategy];
        _nextStart[strategy] += count;
        return new SearchShard(id, _options.BaseStrategies[strategy], start, count);
    }

    SearchShard Exploit(long id, int count, List<string> classes, ref CounterRandom random)
    {
        var label = classes[(int)(_classCursor++ % classes.Count)];
        var elites = Candidates(label);
        // In proportion to score; the small floor keeps zero-score elites of a class drawable rather than dividing by 0.
        double total = elites.Sum(Weight), target = random.NextDouble() * total;
        var centre = elites[^1];
        foreach (var elite in elites)
        {
            target -= Weight(elite);
            if (target < 0) { centre = elite; break; }
        }
        var step = StatisticsOf(label).Step;
        // Exploit seeds are fresh per shard; the recipe's noken indices are then 0..count-1.
        long seed = (long)(random.NextUInt64() >> 1);
        var recipe = new NokenRecipe(NokenStrategies.Around,
            new Dictionary<string, double> { ["step"] = step, ["centre_index"] = centre.Index }, seed) { Centre = centre.Recipe };
        return new SearchShard(id, recipe, 0, count, label, centre.Score);

        static double Weight(Elite e) => Math.Max(e.Score, 0) + 1e-6;
    }

    /// <summary>Classes with an elite worth exploiting (score above 0), in ordinal order for a stable round-robin.</summary>
    List<string> ExploitableClasses() =>
        _archive.Classes.Where(c => Candidates(c).Count > 0 && Candidates(c)[0].Score > 0).ToList();

    // An elite whose recipe is already MaxDepth centres deep cannot be a centre itself (its child would be refused);
    // centre_index is an int parameter, so an elite beyond that range cannot be one either.
    List<Elite> Candidates(string label) =>
        _archive.Of(label).Where(e => e.Recipe.Depth < AroundSampler.MaxDepth && e.Index <= int.MaxValue).ToList();
}
