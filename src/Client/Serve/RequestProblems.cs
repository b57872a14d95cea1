namespace Orleans.Noken.Client.Serve;

/// <summary>One thing wrong with a request: the field it is about (OpenAI's <c>param</c>, null for the body as a
/// whole), the sentence that says what is wrong (starting with the field's name), and OpenAI's <c>code</c>.</summary>
public sealed record RequestProblem(string? Param, string Message, string Code);

/// <summary>
/// Every problem a request has, collected before any answer: a client fixing its request sees them all at once. The
/// 400 joins their messages and names the first one's field and code (OpenAI's error has one <c>param</c>).
/// </summary>
public sealed class RequestProblems
{
    /// <summary>OpenAI's codes for what we refuse.</summary>
    public const string Missing = "missing_required_parameter", Invalid = "invalid_value", Unsupported = "unsupported_parameter",
        Unknown = "unknown_parameter", TooLong = "context_length_exceeded";

    readonly List<RequestProblem> _all = [];

    public int Count => _all.Count;
    public RequestProblem? First => _all.Count > 0 ? _all[0] : null;
    public string Message => string.Join("; ", _all.Select(p => p.Message));

    public void Add(string? param, string message, string code = Invalid) => _all.Add(new RequestProblem(param, message, code));
}
