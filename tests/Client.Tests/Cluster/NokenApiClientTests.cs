using System.Net;
using System.Net.Sockets;
using Orleans.Noken.Client.Cluster;

namespace Orleans.Noken.Client.Tests.Cluster;

/// <summary>The client against real sockets: a port nobody listens on, and a server that accepts and never answers.</summary>
public sealed class NokenApiClientTests
{
    /// <summary>A port that was free a moment ago and is closed now.</summary>
    static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task AClosedPortSaysTheApiCannotBeReachedAndWhatToSet()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        using var client = new NokenApiClient(new ApiEndpoint(new Uri(url + "/"), "t"));
        var e = await Assert.ThrowsAsync<NokenApiException>(() => client.ListAsync());
        Assert.Equal($"cannot reach the noken API at {url} (is a silo running? set NOKEN_API_URL or --api)", e.Message);
        Assert.True(e.Transient);
    }

    [Fact]
    public async Task AServerThatNeverAnswersTimesOutWithTheUrlInTheMessage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // the kernel completes the handshake; nobody ever reads the request
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        using var client = new NokenApiClient(new ApiEndpoint(new Uri(url + "/"), "t"), callTimeout: TimeSpan.FromSeconds(1));
        var e = await Assert.ThrowsAsync<NokenApiException>(() => client.StatusAsync("c1"));
        Assert.Equal($"the noken API at {url} did not answer within 1s", e.Message);
        Assert.True(e.Transient);
    }

    [Fact]
    public void TheCliPrintsOneErrorLineAndExitsWith2WhenNoSiloIsRunning()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        var result = NokenProcess.RunWith(new Dictionary<string, string> { [ApiEndpoint.UrlVariable] = url, [ApiEndpoint.TokenVariable] = "t" }, "list");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: cannot reach the noken API at {url} (is a silo running? set NOKEN_API_URL or --api)", result.Stderr.Trim());
        Assert.Equal("", result.Stdout);
    }
}
