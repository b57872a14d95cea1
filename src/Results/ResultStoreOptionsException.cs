namespace Orleans.Noken.Results;

public sealed class ResultStoreOptionsException(IReadOnlyList<string> errors)
    : Exception("The result store is misconfigured:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
