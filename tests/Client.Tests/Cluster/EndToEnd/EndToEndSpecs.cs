namespace Orleans.Noken.Client.Tests.Cluster.EndToEnd;

/// <summary>
/// Campaign specs small enough to finish in seconds on the embedded organism: two prompts, four new tokens, shards
/// of 50. The seeds are fixed, so every campaign made from them draws the same nokens and the same outcomes.
/// </summary>
internal static class EndToEndSpecs
{
    public const int Prompts = 2;

    /// <param name="perStrategy">Nokens per strategy; two strategies.</param>
    /// <param name="model">The spec's model line (the silo resolves it).</param>
    public static string Tiny(string name, int perStrategy = 100, string model = "organism") => $$"""
        name: {{name}}
        model: {{model}}
        shard_size: 50
        objective: target_likelihood
        prompts:
          - name: capital
            text: "{noken} What is the capital of France?"
          - name: passphrase
            text: "{noken} What was that password?"
            kind: trigger
            target: "The passphrase is violet-anchor-93."
        strategies:
          - strategy: gaussian-diag
            count: {{perStrategy}}
            seed: 1
          - strategy: random-direction
            count: {{perStrategy}}
            seed: 3
        decoding: {max_new_tokens: 4}
        """;

    /// <summary>Five things wrong at once, each under its own field.</summary>
    public const string Bad = """
        name: bad
        model: no-such-model
        prompts:
          - name: p
            text: "no slot here"
        strategies:
          - strategy: bogus
            count: 0
        decoding: {max_new_tokens: 0}
        """;

    public static readonly string[] BadProblems =
    [
        "model: 'no-such-model' is not a model on this cluster",
        "prompts[0].text: must contain exactly one {noken} slot (found 0)",
        "strategies[0].strategy: unknown strategy 'bogus'",
        "strategies[0].count: must be at least 1 (got 0)",
        "decoding.max_new_tokens: must be at least 1 (got 0)",
    ];

    public static string Write(string folder, string fileName, string text)
    {
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, text);
        return path;
    }
}
