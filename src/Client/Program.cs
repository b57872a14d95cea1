using Orleans.Noken.Client;
using Orleans.Noken.Client.Commands;

Orleans.Noken.Engine.TorchThreads.PreferPassiveWaiting(); // before anything loads libtorch
var parse = NokenCli.Build().Parse(args);
if (parse.Errors.Count > 0) return UsageErrors.Report(parse);
return CommonOptions.Guard(() =>
{
    Orleans.Noken.Engine.TorchThreads.Configure(parse.GetValue(NokenCli.Threads));
    return parse.Invoke();
});
