using System.Net;

namespace Orleans.Noken.Client.Cluster;

/// <summary>
/// A call to the cluster's API that did not give what was asked, with a message a user can act on (what to set,
/// what the server said). <see cref="Transient"/> marks failures worth retrying while watching a campaign (the API
/// unreachable, a silo restarting); a refused token or an unknown campaign will not change by waiting.
/// </summary>
internal sealed class NokenApiException(string message, HttpStatusCode? status = null, bool transient = false, Exception? inner = null,
    IReadOnlyList<string>? problems = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
    public bool Transient { get; } = transient;

    /// <summary>The problems of a refusal (400, 409), by field, as the server listed them.</summary>
    public IReadOnlyList<string> Problems { get; } = problems ?? [];
}
