using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Noken.Grains.Telemetry;

public static class CampaignTelemetryExtensions
{
    /// <summary>What coordinators need to report themselves: the meter factory and their instruments.</summary>
    public static IServiceCollection AddCampaignMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<CampaignMetrics>();
        return services;
    }
}
