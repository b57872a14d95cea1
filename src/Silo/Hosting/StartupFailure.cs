using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Orleans.Noken.Silo.Hosting;

/// <summary>Turns a silo's failure to start into one line that names what to fix (never a password).</summary>
public static class StartupFailure
{
    public static string Describe(Exception error, IConfiguration configuration)
    {
        var cause = error.GetBaseException();
        if (cause is RedisConnectionException)
        {
            var configured = configuration[$"{NokenSiloOptions.SectionName}:Redis"];
            var endpoints = configured is null ? "(not configured)" : string.Join(", ", ConfigurationOptions.Parse(configured).EndPoints);
            return $"cannot reach Redis at {endpoints} ({NokenSiloOptions.SectionName}:Redis, env Noken__Silo__Redis): {cause.Message.Split(". ")[0]}";
        }
        return $"could not start: {cause.GetType().Name}: {cause.Message}";
    }
}
