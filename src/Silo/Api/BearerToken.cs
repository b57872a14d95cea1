using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Orleans.Noken.Silo.Api;

/// <summary>
/// Every request must carry <c>Authorization: Bearer TOKEN</c>; anything else gets 401 and nothing more. The token
/// comes from the environment (<see cref="EnvironmentVariable"/>), never from the repository; with none set, the
/// server makes a random one and prints it once, as Jupyter does.
/// </summary>
public sealed class BearerToken(string token)
{
    public const string EnvironmentVariable = "NOKEN_API_TOKEN";

    /// <summary>The shortest token a silo starts with: a token is the API's only lock, and a short one is guessed. The
    /// generated ones have 48 hex characters.</summary>
    public const int MinimumLength = 16;

    readonly byte[] _expected = Encoding.UTF8.GetBytes(token);

    public static (BearerToken Token, bool Generated) FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return (new BearerToken(configured.Trim()), false);
        return (new BearerToken(Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant()), true);
    }

    public string Value => Encoding.UTF8.GetString(_expected);

    public async Task Enforce(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        bool ok = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _expected);
        if (!ok)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        await next(context);
    }
}
