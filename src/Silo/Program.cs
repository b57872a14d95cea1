using Orleans.Noken.Silo.Api;
using Orleans.Noken.Silo.Hosting;

// A silo: Orleans, the shard worker over this process's model replica, and the HTTP API, configured from
// appsettings, the environment (Noken__Silo__Redis=…, ResultStore__Kind=Blob, NOKEN_API_TOKEN) and the command line.
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddNokenSilo();
    var app = builder.Build();
    app.MapNokenApi();
    await app.RunAsync();
    return 0;
}
catch (SiloConfigurationException e)
{
    Console.Error.WriteLine($"noken-silo: {e.Message}");
    return 2;
}
