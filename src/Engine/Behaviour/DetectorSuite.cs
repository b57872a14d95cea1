namespace Orleans.Noken.Engine.Behaviour;

/// <summary>A configured detector that could not run here, and why (e.g. gibberish without a model).</summary>
public sealed record SkippedDetector(string Label, string Reason);

/// <summary>
/// The detectors of a campaign, built and validated from a <see cref="DetectorSuiteConfig"/>. Per observation:
/// <list type="bullet">
/// <item>every detector's score and evidence;</item>
/// <item>the top label: among detectors whose score reaches their threshold, the highest score (ties: config
/// order), fallback detectors (derailment) only when no specific one fired; else "none";</item>
/// <item>the unwanted score U = Σᵢ wᵢ·sᵢ / Σᵢ wᵢ over the detectors that ran (skipped ones leave both sums), so
/// U ∈ [0, 1] and weights are relative.</item>
/// </list>
/// Only gibberish touches the model, once per batch; everything else is string work, so thousands of pairs are cheap.
/// </summary>
public sealed class DetectorSuite
{
    readonly IReadOnlyList<(IBehaviourDetector Detector, DetectorSpec Spec)> _detectors;
    readonly double _weightSum;

    DetectorSuite(DetectorSuiteConfig config, IReadOnlyList<(IBehaviourDetector, DetectorSpec)> detectors, IReadOnlyList<SkippedDetector> skipped)
    {
        Config = config;
        _detectors = detectors;
        Skipped = skipped;
        _weightSum = _detectors.Sum(d => d.Spec.Weight);
    }

    public DetectorSuiteConfig Config { get; }

    /// <summary>Labels of the detectors that run, in config order.</summary>
    public IReadOnlyList<string> Labels => _detectors.Select(d => d.Detector.Label).ToList();

    public IReadOnlyList<SkippedDetector> Skipped { get; }

    /// <summary>Builds the suite, or throws one <see cref="ArgumentException"/> listing every problem of the config.</summary>
    public static DetectorSuite Create(DetectorSuiteConfig config, DetectorServices? services = null)
    {
        services ??= DetectorServices.None;
        var problems = new List<string>();
        var detectors = new List<(IBehaviourDetector, DetectorSpec)>();
        var skipped = new List<SkippedDetector>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        if (config.Detectors is null || config.Detectors.Count == 0) problems.Add("no detectors configured");
        foreach (var spec in config.Detectors ?? [])
        {
            var label = spec.EffectiveLabel;
            if (string.IsNullOrWhiteSpace(spec.Detector)) { problems.Add("a detector has no name"); continue; }
            if (!DetectorCatalog.Names.Contains(spec.Detector)) { problems.Add($"unknown detector '{spec.Detector}'{Validation.DidYouMean.Hint(spec.Detector, DetectorCatalog.Names)}"); continue; }
            if (label == BehaviourVerdict.NoLabel) problems.Add($"detector '{spec.Detector}': label '{label}' is reserved for \"no behaviour\"");
            if (!labels.Add(label)) problems.Add($"label '{label}' is used twice (give one of them another \"label\")");
            if (!double.IsFinite(spec.Weight) || spec.Weight < 0) problems.Add($"detector '{label}': weight must be a finite number ≥ 0, got {spec.Weight}");
            if (!double.IsFinite(spec.Threshold) || spec.Threshold <= 0 || spec.Threshold > 1) problems.Add($"detector '{label}': threshold must be in (0, 1], got {spec.Threshold}");
            var parameters = new DetectorParameters(label, spec.Parameters, problems);
            var (detector, reason) = DetectorCatalog.Create(spec.Detector, label, parameters, services);
            parameters.RejectUnknown();
            if (detector is not null) detectors.Add((detector, spec));
            else skipped.Add(new SkippedDetector(label, reason!));
        }
        if (problems.Count == 0 && detectors.Count > 0 && detectors.Sum(d => d.Item2.Weight) <= 0)
            problems.Add("the weights of the detectors that run sum to 0: the unwanted score would be undefined");
        if (problems.Count > 0)
            throw new ArgumentException(
                $"detector suite is invalid:\n  - {string.Join("\n  - ", problems)}\n(known detectors: {string.Join(", ", DetectorCatalog.Names)})");
        return new DetectorSuite(config, detectors, skipped);
    }

    public BehaviourVerdict Score(BehaviourObservation observation) => Score([observation])[0];

    public IReadOnlyList<BehaviourVerdict> Score(IReadOnlyList<BehaviourObservation> observations)
    {
        var perDetector = _detectors.Select(d => d.Detector.Score(observations)).ToList();
        var verdicts = new BehaviourVerdict[observations.Count];
        for (int i = 0; i < verdicts.Length; i++)
        {
            var scores = perDetector.Select(s => s[i]).ToList();
            verdicts[i] = new BehaviourVerdict(scores, TopLabel(scores), Unwanted(scores));
        }
        return verdicts;
    }

    /// <summary>Whether the detector with this label fired on a verdict (score at or above its threshold).</summary>
    public bool Fired(BehaviourVerdict verdict, string label)
    {
        int index = Labels.ToList().IndexOf(label);
        return index >= 0 && verdict.Scores[index].Score >= _detectors[index].Spec.Threshold;
    }

    string TopLabel(List<DetectorScore> scores)
    {
        foreach (var fallback in new[] { false, true })
        {
            int best = -1;
            for (int d = 0; d < scores.Count; d++)
            {
                if (_detectors[d].Detector.IsFallback != fallback || scores[d].Score < _detectors[d].Spec.Threshold) continue;
                if (best < 0 || scores[d].Score > scores[best].Score) best = d;
            }
            if (best >= 0) return scores[best].Label;
        }
        return BehaviourVerdict.NoLabel;
    }

    double Unwanted(List<DetectorScore> scores)
    {
        double sum = 0;
        for (int d = 0; d < scores.Count; d++) sum += _detectors[d].Spec.Weight * scores[d].Score;
        return _weightSum > 0 ? sum / _weightSum : 0;
    }
}
