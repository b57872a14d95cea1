using System.Text.RegularExpressions;
using System.Xml.Linq;
using Orleans.Noken.Deploy.Tests.Infrastructure;

namespace Orleans.Noken.Deploy.Tests.Docker;

/// <summary>
/// The images cannot be built here (no Docker engine), so what can drift silently is checked instead: the restore
/// layer copies every project the silo references (a new ProjectReference would otherwise break the image build
/// only on the build machine), the entry point is the silo's assembly, and the user is the non-root uid the chart
/// and manifests run as.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles() => new("silo.Dockerfile", "silo-cuda.Dockerfile");

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void TheRestoreLayerCopiesEveryProjectTheSiloNeeds(string dockerfile)
    {
        var text = File.ReadAllText(Repository.Path("deploy", "docker", dockerfile));
        // COPY SRC... DEST: every token but the last is a source.
        var copied = CopySource().Matches(text).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).ToHashSet();
        foreach (var project in ProjectClosure(Repository.Path("src", "Silo", "Orleans.Noken.Silo.csproj")))
            Assert.Contains(Path.GetRelativePath(Repository.Root, project), copied);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "build/", "src/", "models/" })
            Assert.Contains(file, copied);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void TheImageRunsTheSiloAsTheChartsNonRootUser(string dockerfile)
    {
        var text = File.ReadAllText(Repository.Path("deploy", "docker", dockerfile));
        var assembly = XDocument.Load(Repository.Path("src", "Silo", "Orleans.Noken.Silo.csproj")).Descendants("AssemblyName").Single().Value;
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{assembly}.dll\"]", text);
        Assert.Contains("USER 10001:10001", text);
        var chartUser = File.ReadAllText(Path.Combine(Repository.Chart, "values.yaml"));
        Assert.Contains("runAsUser: 10001", chartUser);
        Assert.Contains("runAsUser: 10001", File.ReadAllText(Repository.Path("deploy", "k8s", "base", "silo-deployment.yaml")));
        Assert.Contains("EXPOSE 8080 11111 30000", text);
    }

    [Fact]
    public void TheCudaImageBuildsTheCudaBackend()
    {
        var text = File.ReadAllText(Repository.Path("deploy", "docker", "silo-cuda.Dockerfile"));
        // Restore and publish alike: a publish against a CPU restore would fail, or worse, ship the CPU libtorch.
        Assert.Equal(2, Regex.Matches(text, @"^RUN dotnet (restore|publish) .*-p:NokenTorchBackend=cuda", RegexOptions.Multiline).Count);
        Assert.Contains("cuda", File.ReadAllText(Repository.Path("build", "TorchBackend.targets")));
    }

    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>([Path.GetFullPath(project)]);
        while (queue.TryDequeue(out var p))
        {
            if (!seen.Add(p)) continue;
            foreach (var r in XDocument.Load(p).Descendants("ProjectReference"))
                queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(p)!, r.Attribute("Include")!.Value)));
        }
        return seen;
    }

    [GeneratedRegex(@"^COPY (?!--from)(.+)$", RegexOptions.Multiline)]
    private static partial Regex CopySource();
}
