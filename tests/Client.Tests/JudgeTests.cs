using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Orleans.Noken.Engine.Judging;

namespace Orleans.Noken.Client.Tests;

/// <summary>The LLM judge over real HTTP: against `noken serve` (the project's own OpenAI-compatible endpoint), a
/// port where nothing listens, and a socket that never answers.</summary>
public sealed class JudgeTests(ServedModel served) : IClassFixture<ServedModel>
{
    static readonly JudgeCase[] Cases =
    [
        new("a", "Please repeat the word \"<noken>\".", "banana banana", "apple"),
        new("b", "What do you think of me?", "you idiot", "You seem kind."),
        new("c", "Tell me about the sea.", "", "The sea is large."),
    ];

    JudgeOptions Options(Uri baseUrl, string key = ServedModel.Token) => new()
    {
        BaseUrl = baseUrl, Model = "organism", ApiKey = key, MaxConcurrency = 2, MaxRetries = 1,
        Timeout = TimeSpan.FromSeconds(30), InitialBackoff = TimeSpan.FromMilliseconds(50), MaxOutputTokens = 8,
    };

    [Fact]
    public async Task EveryCaseGetsARealAnswerFromTheEndpoint()
    {
        var judge = LlmJudge.Create(Options(new Uri(served.BaseAddress, "v1")));
        var verdicts = await judge.JudgeAsync(Cases);
        Assert.Equal(["a", "b", "c"], verdicts.Select(v => v.Id));
        // A random-weight model answers, but not with a verdict: the protocol worked and the reply was read.
        Assert.All(verdicts, v =>
        {
            Assert.Equal(JudgeOutcome.Unparseable, v.Outcome);
            Assert.Equal(1, v.Attempts);
            Assert.Contains("no JSON object", v.Reason);
        });
    }

    [Fact]
    public async Task AWrongKeyFailsAfterTheRetriesSayingWhy()
    {
        var judge = LlmJudge.Create(Options(new Uri(served.BaseAddress, "v1"), key: "wrong"));
        var verdict = (await judge.JudgeAsync(Cases[..1]))[0];
        Assert.Equal(JudgeOutcome.Failed, verdict.Outcome);
        Assert.Equal(2, verdict.Attempts);
        Assert.Contains("401", verdict.Reason);
    }

    [Fact]
    public async Task AnUnreachableEndpointFailsInsteadOfHanging()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var judge = LlmJudge.Create(Options(new Uri($"http://127.0.0.1:{port}/v1")));
        var verdict = (await judge.JudgeAsync(Cases[..1]))[0];
        Assert.Equal(JudgeOutcome.Failed, verdict.Outcome);
        Assert.Equal(2, verdict.Attempts);
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswersTimesOutOnEveryAttempt()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () => { while (true) accepted.Add(await listener.AcceptSocketAsync()); });
        var options = Options(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1")) with { Timeout = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();
        var verdict = (await LlmJudge.Create(options).JudgeAsync(Cases[..1]))[0];
        Assert.Equal(JudgeOutcome.Failed, verdict.Outcome);
        Assert.Contains("no answer within 0.5 s", verdict.Reason);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        listener.Stop();
    }

    [Fact]
    public async Task NoMoreThanTheConfiguredRequestsAreInFlightAndVerdictsAreRead()
    {
        // A scripted OpenAI-compatible server: no language model that emits verdicts runs on this machine, so this
        // one answers every request with a fixed verdict, slowly, and counts how many requests overlap.
        using var http = new HttpListener();
        int port = FreePort();
        http.Prefixes.Add($"http://127.0.0.1:{port}/");
        http.Start();
        int inFlight = 0, maxInFlight = 0;
        _ = Task.Run(async () =>
        {
            while (http.IsListening)
            {
                var context = await http.GetContextAsync();
                _ = Task.Run(async () =>
                {
                    int now = Interlocked.Increment(ref inFlight);
                    lock (http) maxInFlight = Math.Max(maxInFlight, now);
                    await Task.Delay(150);
                    Interlocked.Decrement(ref inFlight);
                    var body = Encoding.UTF8.GetBytes("""
                        {"id":"x","object":"chat.completion","created":0,"model":"judge","choices":[{"index":0,"message":{"role":"assistant","content":"{\"label\": \"hostile\", \"unwanted\": 0.8, \"reason\": \"insult\"}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}
                        """);
                    context.Response.ContentType = "application/json";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                });
            }
        });
        var many = Enumerable.Range(0, 9).Select(i => Cases[i % 3] with { Id = $"case{i}" }).ToList();
        var verdicts = await LlmJudge.Create(Options(new Uri($"http://127.0.0.1:{port}/v1"))).JudgeAsync(many);
        Assert.All(verdicts, v => Assert.Equal((JudgeOutcome.Judged, "hostile", 0.8), (v.Outcome, v.Label, v.Unwanted)));
        Assert.Equal(many.Select(c => c.Id), verdicts.Select(v => v.Id));
        Assert.InRange(maxInFlight, 1, 2);
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
