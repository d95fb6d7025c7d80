using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Net;
using KmodForge.Targets;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Headers;

/// <summary>
/// The apt header source with the real apt in the bootstrapped Debian 12 image, against a real apt repository made
/// with <c>dpkg-scanpackages</c> and served on 127.0.0.1. The repository holds an Ubuntu-style cloud flavour whose
/// common headers package has a name nobody would guess (<c>linux-aws-6.8-headers-…</c>, as Ubuntu's HWE cloud
/// kernels have), next to the package a guess would pick: only following the dependencies gets it right.
/// </summary>
[Collection("Containers")]
public sealed class AptInContainerTests(ITestOutputHelper output) : IDisposable
{
    private const string Release = "6.8.0-1012-aws";
    private const string Common = "linux-aws-6.8-headers-6.8.0-1012";
    private const string Guess = "linux-headers-6.8.0-1012";
    private const string AptImage = "kmodforge/test-apt-offline:debian-12-amd64";
    private static readonly BuildTarget Target = BuildTarget.Create("ubuntu", "24.04", Release, "x86_64", "v1.0.0");
    private readonly TempDirectory temp = new();
    private readonly StringWriter logText = new();

    /// <summary>The Debian 12 base image with its own sources removed, so apt sees only the local repository.</summary>
    private static Task<CliContainerEngine> EngineWithOfflineAptImageAsync(IBuildLog log) => TestImages.EnsureDerivedFromDebian12Async(AptImage,
        "rm -f /etc/apt/sources.list /etc/apt/sources.list.d/* && rm -rf /var/lib/apt/lists/*", log);

    /// <summary>A .deb made with dpkg-deb holding one file, with the given control fields.</summary>
    private void MakeDeb(string repo, string name, string architecture, string file, string? depends = null)
    {
        var root = temp.Combine("src", name);
        Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, file))!);
        File.WriteAllText(Path.Combine(root, file), $"# {name}\n");
        File.WriteAllText(Path.Combine(root, "DEBIAN", "control"), $"""
            Package: {name}
            Version: 6.8.0-1012.13
            Architecture: {architecture}
            Maintainer: KmodForge tests <tests@kmodforge.invalid>
            {(depends is null ? string.Empty : $"Depends: {depends}\n")}Description: test stand-in for {name}

            """.Replace("\n\n", "\n", StringComparison.Ordinal));
        ProcessRunner.Run("dpkg-deb", "--root-owner-group", "--build", root, Path.Combine(repo, $"{name}_6.8.0-1012.13_{architecture}.deb")).EnsureSuccess("dpkg-deb --build");
    }

    private string MakeRepository()
    {
        var repo = temp.Combine("repo");
        Directory.CreateDirectory(repo);
        MakeDeb(repo, Common, "all", $"usr/src/{Common}/Makefile");
        MakeDeb(repo, Guess, "all", $"usr/src/{Guess}/Makefile");
        // What apt's regex fallback would pick for the absent 6.8.0-1013-aws: a name that merely contains it.
        MakeDeb(repo, "linux-headers-6.8.0-1013-aws-dbg", "amd64", "usr/lib/debug/linux-headers-6.8.0-1013-aws-dbg");
        MakeDeb(repo, "linux-headers-" + Release, "amd64", $"usr/src/linux-headers-{Release}/Makefile", depends: Common);
        var index = ProcessRunner.Run("sh", "-c", "cd \"$1\" && dpkg-scanpackages --multiversion . /dev/null > Packages", "sh", repo).EnsureSuccess("dpkg-scanpackages");
        Assert.True(File.Exists(Path.Combine(repo, "Packages")), index.Output);
        return repo;
    }

    [ContainerFact]
    public async Task The_flavours_common_headers_package_is_found_by_following_dependencies_and_installed_into_the_layer()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var engine = await EngineWithOfflineAptImageAsync(log);
        await using var mirror = await LocalHttpServer.ServeDirectoryAsync(MakeRepository());
        var settings = new AptSettings { ExtraSources = $"deb [trusted=yes] {mirror.BaseAddress.AbsoluteUri} ./" };
        var source = new AptHeaderSource(engine, settings, "host");

        var answer = await source.ResolveAsync(Target, AptImage, CancellationToken.None);

        var plan = Assert.IsType<HeaderPlan>(answer.Plan);
        Assert.Equal([Common, "linux-headers-" + Release], plan.Packages.Order(StringComparer.Ordinal));
        Assert.Contains($"{Common} 6.8.0-1012.13", plan.Description, StringComparison.Ordinal);
        Assert.Contains($"linux-headers-{Release}=6.8.0-1012.13", plan.InstallScript, StringComparison.Ordinal);

        using var http = new HttpClient(new RetryHandler(RetryOptions.Default));
        var resolver = new HeaderResolver([source], log);
        var layer = await new HeaderLayer(engine, resolver, new HeaderDownloader(http, log, 1 << 20), log, temp.Combine("work"), "host")
            .EnsureAsync(Target, AptImage, CancellationToken.None);
        try
        {
            var check = await engine.RunAsync(new ContainerRunRequest(layer.Image,
                ["sh", "-c", $"dpkg -s {Common} | grep -q 'Status: install ok installed' && test -f /usr/src/{Common}/Makefile && test -d /usr/src/linux-headers-{Release} && ! dpkg -s {Guess} 2>/dev/null"])
            { Network = "none" }, CancellationToken.None);
            Assert.True(check.ExitCode == 0, $"layer check failed: {check.StandardError}");
            // Installed and committed in one run: the layer carries the labels the cache policy finds it by, and the plan of the query.
            Assert.False(layer.Cached);
            Assert.Equal(plan.Description, layer.Plan?.Description);
            var info = Assert.IsType<ImageInfo>(await engine.InspectImageAsync(layer.Image, CancellationToken.None));
            Assert.Equal(Release, info.Labels[HeaderLayer.KernelReleaseLabel]);
            Assert.Equal("apt", info.Labels[HeaderLayer.HeaderSourceLabel]);
            Assert.Equal(AptImage, info.Labels[HeaderLayer.BaseImageLabel]);
            Assert.Equal((await engine.InspectImageAsync(AptImage, CancellationToken.None))?.Id, info.Labels[HeaderLayer.BaseImageIdLabel]);
        }
        finally
        {
            await engine.RemoveImageAsync(layer.Image, CancellationToken.None);
        }
    }

    [ContainerFact]
    public async Task A_kernel_the_repository_lacks_is_not_found_with_apts_own_reason_and_no_regex_match()
    {
        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, logText);
        var engine = await EngineWithOfflineAptImageAsync(log);
        await using var mirror = await LocalHttpServer.ServeDirectoryAsync(MakeRepository());
        var source = new AptHeaderSource(engine, new AptSettings { ExtraSources = $"deb [trusted=yes] {mirror.BaseAddress.AbsoluteUri} ./" }, "host");

        var answer = await source.ResolveAsync(BuildTarget.Create("ubuntu", "24.04", "6.8.0-1013-aws", "x86_64", "v1.0.0"), AptImage, CancellationToken.None);

        Assert.Null(answer.Plan);
        Assert.Contains("linux-headers-6.8.0-1013-aws", answer.Attempt.Asked, StringComparison.Ordinal);
        Assert.Contains("Unable to locate package linux-headers-6.8.0-1013-aws", answer.Attempt.Answer, StringComparison.Ordinal);

        // Through the layer (query and install in one run): the same answer, the next sources tried, and no image made.
        var missing = BuildTarget.Create("ubuntu", "24.04", "6.8.0-1013-aws", "x86_64", "v1.0.0");
        using var http = new HttpClient(new RetryHandler(RetryOptions.Default));
        var layer = new HeaderLayer(engine, new HeaderResolver([source], log), new HeaderDownloader(http, log, 1 << 20), log, temp.Combine("work"), "host");
        var e = await Assert.ThrowsAsync<HeadersNotFoundException>(() => layer.EnsureAsync(missing, AptImage, CancellationToken.None));
        Assert.Equal(missing.Distribution.HeaderSources.Count, e.Attempts.Count);
        Assert.Contains("Unable to locate package linux-headers-6.8.0-1013-aws", e.Attempts[0].Answer, StringComparison.Ordinal);
        var baseId = (await engine.InspectImageAsync(AptImage, CancellationToken.None))?.Id;
        Assert.False(await engine.ImageExistsAsync(HeaderLayer.ImageTag(missing, baseId), CancellationToken.None));

        // In a session container (a build that gives the compile's mount): the same answer, and the session is ended.
        var buildId = "test-" + Guid.NewGuid().ToString("N")[..12];
        using (ContainerLabels.ForBuild(buildId))
        {
            var inSession = await Assert.ThrowsAsync<HeadersNotFoundException>(() => layer.EnsureAsync(missing, AptImage, CancellationToken.None,
                [new Mount(Directory.CreateDirectory(temp.Combine("src")).FullName, "/build/src")]));
            Assert.Contains("Unable to locate package linux-headers-6.8.0-1013-aws", inSession.Attempts[0].Answer, StringComparison.Ordinal);
        }

        Assert.DoesNotContain((await engine.ListAsync(CancellationToken.None)).Select(c => c.BuildId), id => id == buildId);
        Assert.Contains("installing in the build's session container", logText.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        output.WriteLine(logText.ToString());
        temp.Dispose();
    }
}
