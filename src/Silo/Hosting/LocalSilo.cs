using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Noken.Silo.Api;

namespace Orleans.Noken.Silo.Hosting;

/// <summary>
/// A whole cluster in this process, for <c>noken run</c> and benchmarks: one silo with localhost clustering, grain
/// state in files under the output folder (so an interrupted run resumes), the output folder as the result store
/// (one campaign at its root), and no API unless asked for. The same grains and worker as on a real cluster.
/// </summary>
public sealed class LocalSilo : IAsyncDisposable
{
    readonly WebApplication _app;

    LocalSilo(WebApplication app) => _app = app;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Cancelled when the host is asked to stop: its console lifetime turns Ctrl+C and SIGTERM into this
    /// (and swallows them), so whoever drives the silo must watch it.</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <param name="output">Results and grain state go here.</param>
    /// <param name="modelsRoot">Model paths in specs resolve here (the spec's folder).</param>
    /// <param name="settings">Further configuration (e.g. <c>Noken:Worker:TorchThreads</c>), applied last.</param>
    public static async Task<LocalSilo> StartAsync(string output, string modelsRoot, IReadOnlyDictionary<string, string?>? settings = null,
        LogLevel logLevel = LogLevel.Warning)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        var values = new Dictionary<string, string?>
        {
            ["Noken:Silo:Clustering"] = nameof(ClusteringKind.Localhost),
            ["Noken:Silo:GrainState"] = nameof(GrainStateKind.File),
            ["Noken:Silo:StateFolder"] = Path.Combine(output, ".state"),
            ["Noken:Silo:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Noken:Silo:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Noken:Api:Enabled"] = "false",
            ["ResultStore:Kind"] = "Folder",
            ["ResultStore:Folder"] = output,
            ["Noken:Worker:PollInterval"] = "00:00:00.200",
            ["Noken:Campaigns:ModelsRoot"] = modelsRoot,
            // One user, on their own machine: a spec names any folder, as `noken sweep` lets it.
            ["Noken:Campaigns:ConfineModels"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(logLevel);
        // Orleans narrates its own start-up and shutdown at Warning; the user wants the campaign's story.
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.AddNokenSilo(singleCampaignStore: true);
        // No API here, but the host is a web host: without this it would take Kestrel's default port 5000, and a
        // second `noken run` beside the first (two models compared at once) would fail with "address already in use".
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapNokenApi();
        await app.StartAsync();
        return new LocalSilo(app);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
