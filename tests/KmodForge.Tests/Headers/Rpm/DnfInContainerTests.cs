using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Headers.Koji;
using KmodForge.Headers.Rpm;
using KmodForge.Net;
using KmodForge.Targets;
using KmodForge.Tests.Headers.Koji;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Headers.Rpm;

/// <summary>
/// The dnf header source with the real dnf (from Debian's archive) in a container, against a real repository made
/// with createrepo_c and served on 127.0.0.1: the kernel-devel package is found and installed into a per-kernel
/// layer; when the repository lacks it, the chain falls through to the URL source and then to a local Koji hub.
/// </summary>
[Collection("Containers")]
public sealed class DnfInContainerTests(ITestOutputHelper output) : IDisposable
{
    private const string DnfImage = "kmodforge/test-dnf:debian-12-amd64";
    private static readonly BuildTarget Fedora = BuildTarget.Create("fedora", null, "6.14.0-63.fc42.x86_64", "x86_64", "v1.0.0");
    private readonly TempDirectory temp = new();
    private readonly StringWriter logText = new();

    // A stand-in for an RPM distribution's base image: the bootstrapped Debian 12 image with Debian's dnf.
    private static Task<CliContainerEngine> EngineWithDnfImageAsync(IBuildLog log) => TestImages.EnsureDerivedFromDebian12Async(DnfImage,
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dnf rpm && rm -rf /var/lib/apt/lists/* "
        + "&& mkdir -p /etc/dnf/vars /etc/yum.repos.d && echo 42 > /etc/dnf/vars/releasever", log);

    [ContainerFact]
    public async Task Dnf_finds_and_installs_kernel_devel_from_a_createrepo_repository_then_the_chain_falls_through_when_it_is_absent()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var engine = await EngineWithDnfImageAsync(log);
        var rpm = RpmBuilder.KernelDevel(temp.Path, "kernel-devel", "6.14.0", "63.fc42");
        var repo = temp.Combine("repo");
        Directory.CreateDirectory(repo);
        File.Copy(rpm, Path.Combine(repo, Path.GetFileName(rpm)));
        ProcessRunner.Run("createrepo_c", "-q", repo).EnsureSuccess("createrepo_c");
        await using var mirror = await LocalHttpServer.ServeDirectoryAsync(repo);
        var settings = new HeaderSourceSettings { DnfExtraRepos = [mirror.BaseAddress.AbsoluteUri], DnfExtraReposGpgCheck = false, Network = "host" };

        var found = await new DnfHeaderSource(engine, settings).ResolveAsync(Fedora, DnfImage, CancellationToken.None);

        var plan = Assert.IsType<HeaderPlan>(found.Plan);
        Assert.Contains(mirror.BaseAddress.AbsoluteUri + "kernel-devel-6.14.0-63.fc42.x86_64.rpm", plan.Description, StringComparison.Ordinal);
        using var http = new HttpClient(new RetryHandler(RetryOptions.Default));
        var resolver = new HeaderResolver([new DnfHeaderSource(engine, settings)], log);
        var layer = await new HeaderLayer(engine, resolver, new HeaderDownloader(http, log, 1 << 30), log, temp.Combine("work"), "host")
            .EnsureAsync(Fedora, DnfImage, CancellationToken.None);
        var check = await engine.RunAsync(new ContainerRunRequest(layer.Image, ["sh", "-c", "rpm -q kernel-devel && test -f /usr/src/kernels/6.14.0-63.fc42.x86_64/Makefile"]), CancellationToken.None);
        Assert.True(check.ExitCode == 0, check.StandardError);
        await engine.RemoveImageAsync(layer.Image, CancellationToken.None);

        // The repository no longer has it: dnf says no match, the URL answers 404, Koji has it.
        File.Delete(Path.Combine(repo, Path.GetFileName(rpm)));
        ProcessRunner.Run("createrepo_c", "-q", "--update", repo).EnsureSuccess("createrepo_c --update");
        await using var koji = await LocalKojiServer.StartAsync();
        var sigmd5 = ProcessRunner.Run("rpm", "-qp", "--qf", "%{SIGMD5}", rpm).EnsureSuccess("rpm -qp").Output.Trim();
        koji.AddRpm(rpm, "kernel", "6.14.0", "63.fc42", "x86_64", sigmd5);
        var chained = settings with
        {
            HeaderUrls = [new Uri(mirror.BaseAddress, "gone/kernel-devel-6.14.0-63.fc42.x86_64.rpm").AbsoluteUri],
            KojiHubs = ["fedora=" + koji.Hub.AbsoluteUri],
            KojiTopUrls = ["fedora=" + koji.TopUrl.AbsoluteUri],
        };
        var chain = new HeaderResolver([new DnfHeaderSource(engine, chained), new UrlHeaderSource(http, chained), new KojiHeaderSource(http, chained)], log);

        var (kojiPlan, attempts) = await chain.ResolveAsync(Fedora, DnfImage, CancellationToken.None);

        Assert.Equal(HeaderSourceKind.Koji, kojiPlan.Source);
        Assert.Equal([HeaderSourceKind.Dnf, HeaderSourceKind.Url, HeaderSourceKind.Koji], attempts.Select(a => a.Source));
        Assert.Equal("no match", attempts[0].Answer);
        Assert.Contains("HTTP 404", attempts[1].Answer, StringComparison.Ordinal);
    }

    [ContainerFact]
    public async Task Livepatch_finds_an_amazon_linux_kernels_devel_package_and_its_livepatch_through_a_mirror_list()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var engine = await EngineWithDnfImageAsync(log);
        var target = BuildTarget.Create("amazonlinux", null, "6.1.134-150.224.amzn2023.x86_64", "x86_64", "v1.0.0");
        var repo = temp.Combine("livepatch");
        Directory.CreateDirectory(repo);
        foreach (var rpm in new[]
        {
            RpmBuilder.KernelDevel(temp.Path, "kernel-devel", "6.1.134", "150.224.amzn2023", epoch: 1),
            RpmBuilder.KernelDevel(temp.Path, "kernel-livepatch-6.1.134-150.224", "1.0", "0.amzn2023"),
        })
        {
            File.Copy(rpm, Path.Combine(repo, Path.GetFileName(rpm)));
        }

        ProcessRunner.Run("createrepo_c", "-q", repo).EnsureSuccess("createrepo_c");
        await using var mirror = await LocalHttpServer.ServeDirectoryAsync(repo);
        Directory.CreateDirectory(Path.Combine(repo, "x86_64"));
        File.WriteAllText(Path.Combine(repo, "x86_64", "mirror.list"), mirror.BaseAddress.AbsoluteUri + "\n");
        var settings = new HeaderSourceSettings { LivepatchRepo = mirror.BaseAddress.AbsoluteUri + "{arch}/mirror.list", Network = "host" };

        var answer = await new LivepatchHeaderSource(engine, settings).ResolveAsync(target, DnfImage, CancellationToken.None);

        var plan = Assert.IsType<HeaderPlan>(answer.Plan);
        Assert.Equal(["kernel-devel-1:6.1.134-150.224.amzn2023.x86_64"], plan.Packages);
        Assert.Contains("kernel-livepatch-6.1.134-150.224 in the kernel-livepatch repository", answer.Attempt.Asked, StringComparison.Ordinal);
        Assert.Contains(mirror.BaseAddress.AbsoluteUri + "x86_64/mirror.list", answer.Attempt.Asked, StringComparison.Ordinal);
        Assert.StartsWith("livepatch fallback: kernel-devel-1:6.1.134-150.224.amzn2023.x86_64 from " + mirror.BaseAddress.AbsoluteUri, plan.Description, StringComparison.Ordinal);

        // Without the devel package, the livepatch alone is named in the answer, and nothing is planned.
        File.Delete(Path.Combine(repo, "kernel-devel-6.1.134-150.224.amzn2023.x86_64.rpm"));
        ProcessRunner.Run("createrepo_c", "-q", "--update", repo).EnsureSuccess("createrepo_c --update");
        var missing = await new LivepatchHeaderSource(engine, settings).ResolveAsync(target, DnfImage, CancellationToken.None);
        Assert.Null(missing.Plan);
        Assert.Contains("the repository has kernel-livepatch-6.1.134-150.224 but no kernel-devel for this kernel", missing.Attempt.Answer, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        output.WriteLine(logText.ToString());
        temp.Dispose();
    }
}
