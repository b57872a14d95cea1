using Orleans.Noken.Silo.Api;
using Orleans.Noken.Silo.Hosting;

// A silo: Orleans, the shard worker over this process's model replica, and the HTTP API, configured from
// appsettings, the environment (Noken__Silo__Redis=…, ResultStore__Kind=Blob, NOKEN_API_TOKEN) and the command line.
Orleans.Noken.Engine.TorchThreads.PreferPassiveWaiting(); // before anything loads libtorch
WebApplication app;
// The content root is the silo's own folder, so its appsettings.json (log levels) is read whatever the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
try
{
    builder.AddNokenSilo();
    app = builder.Build();
    app.MapNokenApi();
    await app.StartAsync();
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"noken-silo: {e.Message}");
    return 2;
}
catch (Exception e)
{
    // Redis unreachable, a port taken, a store that refuses the credentials: one line that names it, not a trace.
    Console.Error.WriteLine($"noken-silo: {StartupFailure.Describe(e, builder.Configuration)}");
    return 3;
}
await app.WaitForShutdownAsync();
return 0;
