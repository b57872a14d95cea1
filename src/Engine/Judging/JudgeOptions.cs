namespace Orleans.Noken.Engine.Judging;

/// <summary>
/// Where the LLM judge is and how hard to lean on it. The endpoint, model and key come from configuration or the
/// environment (<c>NOKEN_JUDGE_BASE_URL</c>, <c>NOKEN_JUDGE_MODEL</c>, <c>NOKEN_JUDGE_API_KEY</c>), never from a
/// spec or the repository.
/// </summary>
public sealed record JudgeOptions
{
    public required Uri BaseUrl { get; init; }
    public required string Model { get; init; }
    public string ApiKey { get; init; } = "unused";
    /// <summary>Requests in flight at once; a judge endpoint is usually rate-limited.</summary>
    public int MaxConcurrency { get; init; } = 4;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Attempts after the first, with exponential backoff from <see cref="InitialBackoff"/>.</summary>
    public int MaxRetries { get; init; } = 3;
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public int MaxOutputTokens { get; init; } = 200;

    public static JudgeOptions FromEnvironment()
    {
        string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"the LLM judge needs {name} (the OpenAI-compatible base URL, model and key come from the environment)");
        return new JudgeOptions
        {
            BaseUrl = Uri.TryCreate(Required("NOKEN_JUDGE_BASE_URL"), UriKind.Absolute, out var url)
                ? url
                : throw new ArgumentException("NOKEN_JUDGE_BASE_URL must be an absolute URL, e.g. http://127.0.0.1:8089/v1"),
            Model = Required("NOKEN_JUDGE_MODEL"),
            ApiKey = Environment.GetEnvironmentVariable("NOKEN_JUDGE_API_KEY") ?? "unused",
        };
    }

    public void Validate()
    {
        if (MaxConcurrency < 1) throw new ArgumentException($"judge MaxConcurrency must be at least 1 (got {MaxConcurrency})");
        if (MaxRetries < 0) throw new ArgumentException($"judge MaxRetries must be >= 0 (got {MaxRetries})");
        if (Timeout <= TimeSpan.Zero) throw new ArgumentException("judge Timeout must be positive");
    }
}
