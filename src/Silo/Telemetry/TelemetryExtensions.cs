using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Orleans.Noken.Silo.Telemetry;

/// <summary>
/// Metrics for a silo: the worker's meter, Orleans' own, and the .NET runtime's, exposed as Prometheus text at
/// <c>/metrics</c> on the API port, and sent over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the SDK reads
/// the endpoint and headers from the environment).
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddNokenTelemetry(this WebApplicationBuilder builder, string siloName)
    {
        builder.Services.AddSingleton<WorkerMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("noken-silo", serviceInstanceId: siloName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(WorkerMetrics.MeterName, "Microsoft.Orleans").AddRuntimeInstrumentation().AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
        return builder;
    }

    /// <summary>The scrape endpoint. Open like <c>/healthz</c>: counts and timings, no campaign data; a NetworkPolicy
    /// keeps it inside the cluster.</summary>
    public static WebApplication MapNokenMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
