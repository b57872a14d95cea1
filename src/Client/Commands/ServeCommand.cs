using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Noken.Client.Serve;
using Orleans.Noken.Silo.Api;
using Orleans.Noken.Engine.Embeddings;
using Orleans.Noken.Engine.Generation;
using Orleans.Noken.Engine.Hosting;
using Orleans.Noken.Engine.Nokens;
using Orleans.Noken.Engine.Serving;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// <c>noken serve</c>: any loaded model as an OpenAI-compatible <c>/v1/chat/completions</c> (and legacy
/// <c>/v1/completions</c>) endpoint, optionally with a noken spliced into every request, so that other red-teaming
/// tools (and our LLM judge's tests) can talk to it.
/// </summary>
internal static class ServeCommand
{
    public static Command Build()
    {
        var model = CommonOptions.Model();
        var dtype = CommonOptions.Dtype();
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port (0: any free port, printed at start)", DefaultValueFactory = _ => 8089 };
        var strategy = new Option<string?>("--strategy") { Description = "Splice a noken of this strategy into every request (default: none)" };
        var parameters = new Option<string[]>("--param") { Description = "Noken strategy parameter name=value (repeatable)" };
        var seed = new Option<long>("--noken-seed") { DefaultValueFactory = _ => 0 };
        var index = new Option<long>("--noken-index") { Description = "Which noken of the recipe", DefaultValueFactory = _ => 0 };
        var cap = new Option<int>("--max-new-tokens") { Description = "Upper bound on max_tokens", DefaultValueFactory = _ => 128 };
        var servedName = new Option<string?>("--name") { Description = "The model's name in /v1/models and in every answer (default: the model folder's name)" };
        var command = new Command("serve", $"Serve a model as an OpenAI-compatible chat (and legacy completions) endpoint (bearer token from {BearerToken.EnvironmentVariable})")
        {
            model, dtype, host, port, strategy, parameters, seed, index, cap, servedName,
        };
        command.SetAction(parse => CommonOptions.Guard(() =>
        {
            if (parse.GetValue(servedName) is { } served && (served.Length is 0 or > 128 || served.Any(char.IsControl)))
                throw new ArgumentException("--name must be 1 to 128 printable characters");
            using var loaded = CommonOptions.Load(parse.GetValue(model)!, parse.GetValue(dtype)!);
            // Only the chat endpoint needs a chat template: a model without one (a base model) still serves
            // /v1/completions, and a chat request to it is a 400 that says so. A template we do not recognise is still
            // an error at start-up: guessing a format would answer in the wrong one.
            var format = string.IsNullOrWhiteSpace(loaded.Tokenizer.ChatTemplate) ? null : ChatFormat.Detect(loaded.Tokenizer.ChatTemplate, loaded.Directory);
            using var noken = parse.GetValue(strategy) is { } strategyName
                ? SampleOne(loaded, new NokenRecipe(strategyName, GenerateCommand.ParseParameters(parse.GetValue(parameters) ?? []), parse.GetValue(seed)), parse.GetValue(index))
                : null;
            using var thread = new ModelThread("noken-serve");
            var name = parse.GetValue(servedName) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(loaded.Directory));
            var chat = new NokenChat(loaded, format, noken);
            var chatApi = new ChatCompletionsApi(name, loaded.Directory, chat, thread, parse.GetValue(cap));
            var completionsApi = new CompletionsApi(name, chat, thread, parse.GetValue(cap));
            var (token, generated) = BearerToken.FromEnvironment();

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls($"http://{parse.GetValue(host)}:{parse.GetValue(port)}");
            var app = builder.Build();
            // Every 4xx the pipeline itself answers (a wrong token, an unknown route or method) in OpenAI's error
            // shape too, as the official SDKs parse it; the endpoints write their own 400s.
            app.UseStatusCodePages(OpenAiStatusPages.WriteAsync);
            app.Use((context, next) => token.Enforce(context, next));
            chatApi.Map(app);
            completionsApi.Map(app);
            app.Start();
            if (generated) Console.Error.WriteLine($"{BearerToken.EnvironmentVariable} is not set; this run's token: {token.Value}");
            Console.WriteLine($"serving {loaded.Directory} ({format?.Name ?? "no chat template: /v1/completions only"}{(noken is null ? "" : ", noken spliced")}) at {app.Urls.First()}/v1");
            app.WaitForShutdown();
            return 0;
        }));
        return command;
    }

    static TorchSharp.torch.Tensor SampleOne(Engine.Models.LoadedModel loaded, NokenRecipe recipe, long index)
    {
        using var statistics = EmbeddingStatistics.Of(loaded);
        return NokenSamplers.Create(recipe, statistics, loaded.Config).SampleBatch(index, 1)[0];
    }
}
