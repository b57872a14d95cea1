using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Noken.Grains.Telemetry;

namespace Orleans.Noken.Silo.Telemetry;

/// <summary>
/// Telemetry for a silo. Metrics: the worker's and the coordinators' meters, Orleans' own, and the .NET runtime's,
/// exposed as Prometheus text at <c>/metrics</c> on the API port. Traces: a span per shard on the worker, a span per
/// folded report on the coordinator, Orleans' grain-call spans between them. Both go over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the SDK reads the endpoint, protocol and headers from the environment);
/// without it no trace is recorded at all.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // Orleans' own instruments. Its grain-call spans need the silo's activity propagation (on with tracing).
    const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Traces are exported (and so recorded) only when an OTLP endpoint is configured.</summary>
    public static bool Traces(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);

    public static WebApplicationBuilder AddNokenTelemetry(this WebApplicationBuilder builder, string siloName)
    {
        var options = TelemetryOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new CampaignLabels(options.CampaignLabels == CampaignLabelKind.Hash));
        builder.Services.AddSingleton<WorkerMetrics>();
        var otlp = Traces(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("noken-silo", serviceInstanceId: siloName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(WorkerMetrics.MeterName, CampaignMetrics.MeterName, OrleansMeter).AddRuntimeInstrumentation().AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
        if (otlp)
            telemetry.WithTracing(tracing => tracing
                .AddSource(WorkerTracing.SourceName, CampaignTracing.SourceName, Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, Orleans.Diagnostics.ActivitySources.StorageActivitySourceName)
                .AddOtlpExporter());
        return builder;
    }

    /// <summary>The scrape endpoint. Its series are labelled with campaign ids (spec names), so by default it needs
    /// the API's bearer token like <c>/api</c> (<see cref="TelemetryOptions.MetricsAccess"/>); a NetworkPolicy keeps
    /// it inside the cluster either way.</summary>
    public static WebApplication MapNokenMetrics(this WebApplication app, Api.BearerToken token)
    {
        var options = app.Services.GetService<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.MetricsAccess == MetricsAccess.Token)
            app.UseWhen(c => c.Request.Path.StartsWithSegments(MetricsPath), scrape => scrape.Use((context, next) => token.Enforce(context, next)));
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
