using Orleans.Noken.Client;

return NokenCli.Build().Parse(args).Invoke();
