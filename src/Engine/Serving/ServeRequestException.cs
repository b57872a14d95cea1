namespace Orleans.Noken.Engine.Serving;

/// <summary>A request <see cref="NokenChat"/> cannot answer, said in terms of the request's own fields: which one
/// (<paramref name="param"/>, OpenAI's <c>param</c>) and what is wrong with it, never the request's text itself.</summary>
public sealed class ServeRequestException(string param, string message, string code = "invalid_value") : ArgumentException(message)
{
    public string Param { get; } = param;
    public string Code { get; } = code;
}
