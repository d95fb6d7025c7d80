using KmodForge.TestSupport.Http;
using System.Diagnostics;
using System.Text;
using KmodForge.Diagnostics;
using KmodForge.Kernels;
using KmodForge.Kernels.Livepatch;
using KmodForge.Net;
using KmodForge.Targets;

namespace KmodForge.Tests.Kernels;

/// <summary>
/// A kernel-livepatch repository made the real way: empty-payload rpms named like AL2023's livepatches, built with
/// rpmbuild, indexed by createrepo_c, served over HTTP on 127.0.0.1.
/// </summary>
public sealed class LivepatchDiscoveryTests(LivepatchRpms rpms) : IClassFixture<LivepatchRpms>, IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("kmodforge-livepatch-");

    public void Dispose() => work.Delete(recursive: true);

    private string MakeRepository()
    {
        if (rpms.Directory is null)
        {
            Assert.Fail("rpmbuild or createrepo_c is not installed; run `bash .ci/install.sh` (it installs both) before the tests.");
        }

        var repo = System.IO.Directory.CreateDirectory(Path.Combine(work.FullName, "repo", "x86_64")).FullName;
        foreach (var rpm in System.IO.Directory.GetFiles(rpms.Directory, "*.rpm", SearchOption.AllDirectories))
        {
            File.Copy(rpm, Path.Combine(repo, Path.GetFileName(rpm)));
        }

        Run("createrepo_c", "--quiet", "--general-compress-type=gz", repo);
        File.WriteAllText(Path.Combine(work.FullName, "repo", "mirror.list"), "# test mirror list\n" + "{base}x86_64/\n");
        return repo;
    }

    private static HttpClient Client(IBuildLog log) =>
        new(new RetryHandler(new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10), MaxAttempts = 3, AttemptTimeout = TimeSpan.FromSeconds(20) }, log));

    [Fact]
    public async Task Finds_livepatched_kernels_in_a_createrepo_c_repository_per_architecture()
    {
        MakeRepository();

        using var server = new LocalRepoServer(Path.Combine(work.FullName, "repo") + Path.DirectorySeparatorChar);
        using var http = Client(NullBuildLog.Instance);
        var discovery = new LivepatchDiscovery(http, NullBuildLog.Instance);

        var x86 = await discovery.KernelReleasesAsync(server.BaseUrl + "{arch}/", Architecture.X86_64, default);
        var arm = await discovery.KernelReleasesAsync(server.BaseUrl + "x86_64", Architecture.Aarch64, default);

        Assert.Equal(["6.1.134-150.224.amzn2023.x86_64", "6.12.92-122.166.amzn2023.x86_64"], x86);
        Assert.Equal(["6.1.134-150.224.amzn2023.aarch64"], arm);

        var skips = new SkipSummary();
        var kernels = LivepatchPackages.ToKernels(x86, Architecture.X86_64, "v1.0.0", skips).ToList();
        Assert.All(kernels, k => Assert.Equal(("amazonlinux", "2023"), (k.Target.Distribution.Id, k.Target.DistroVersion.Id)));
        Assert.Equal(0, skips.Total);
    }

    [Fact]
    public async Task Follows_the_mirror_list_and_retries_a_503()
    {
        MakeRepository();

        using var server = new LocalRepoServer(Path.Combine(work.FullName, "repo") + Path.DirectorySeparatorChar);
        var mirrorList = Path.Combine(work.FullName, "repo", "mirror.list");
        File.WriteAllText(mirrorList, File.ReadAllText(mirrorList).Replace("{base}", server.BaseUrl, StringComparison.Ordinal));
        server.FailNext("/x86_64/repodata/repomd.xml", 503);
        using var http = Client(NullBuildLog.Instance);

        var releases = await new LivepatchDiscovery(http, NullBuildLog.Instance).KernelReleasesAsync(server.BaseUrl + "mirror.list", Architecture.X86_64, default);

        Assert.Equal(2, releases.Count);
        Assert.Equal(2, server.Requests.Count(r => r == "/x86_64/repodata/repomd.xml"));
    }

    [Fact]
    public async Task A_primary_file_whose_checksum_differs_from_repomd_is_refused()
    {
        var repo = MakeRepository();

        var primary = System.IO.Directory.GetFiles(Path.Combine(repo, "repodata"), "*primary.xml.gz").Single();
        using (var stream = File.OpenWrite(primary))
        {
            stream.Seek(0, SeekOrigin.End);
            stream.WriteByte(0);
        }

        using var server = new LocalRepoServer(Path.Combine(work.FullName, "repo") + Path.DirectorySeparatorChar);
        using var http = Client(NullBuildLog.Instance);
        var e = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new LivepatchDiscovery(http, NullBuildLog.Instance).KernelReleasesAsync(server.BaseUrl + "x86_64/", Architecture.X86_64, default));
        Assert.Contains("but repomd.xml says", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("https://elsewhere.example/primary.xml.gz")]
    [InlineData("/repodata/primary.xml.gz")]
    public void Repomd_locations_outside_the_repository_are_refused(string href)
    {
        Assert.Throws<InvalidDataException>(() => LivepatchDiscovery.Resolve(new Uri("http://127.0.0.1/repo/"), href));
    }

    [Theory]
    [InlineData("kernel-livepatch-6.1.134-150.224", "0.amzn2023", "x86_64", "6.1.134-150.224.amzn2023.x86_64")]
    [InlineData("kernel-livepatch-6.12.92-122.166", "1.amzn2023", "aarch64", "6.12.92-122.166.amzn2023.aarch64")]
    [InlineData("kernel-livepatch-repo-cdn", "1.amzn2023", "noarch", null)]
    [InlineData("kernel-devel", "1.amzn2023", "x86_64", null)]
    [InlineData("kernel-livepatch-6.1.134-150.224", "1", "x86_64", null)]
    public void Livepatch_package_names_give_kernel_releases(string name, string rel, string arch, string? release)
    {
        Assert.Equal(release, LivepatchPackages.KernelRelease(name, rel, arch));
    }

    private static void Run(string file, params string[] args) => LivepatchRpms.Run(file, args);
}

/// <summary>Builds the test rpms once per test class (rpmbuild is slow on a busy machine).</summary>
public sealed class LivepatchRpms : IDisposable
{
    private static readonly (string Name, string Arch)[] Packages =
    [
        ("kernel-livepatch-6.1.134-150.224", "x86_64"),
        ("kernel-livepatch-6.12.92-122.166", "x86_64"),
        ("kernel-livepatch-6.1.134-150.224", "aarch64"),
        ("kernel-livepatch-repo-cdn", "noarch"),
    ];

    private readonly DirectoryInfo work = System.IO.Directory.CreateTempSubdirectory("kmodforge-livepatch-rpms-");

    public LivepatchRpms()
    {
        if (!Tool("rpmbuild") || !Tool("createrepo_c"))
        {
            return;
        }

        var top = Path.Combine(work.FullName, "rpmbuild");
        foreach (var (name, arch) in Packages)
        {
            var spec = Path.Combine(work.FullName, name + "." + arch + ".spec");
            File.WriteAllText(spec, $"Name: {name}\nVersion: 1.0\nRelease: 0.amzn2023\nSummary: test livepatch\nLicense: GPLv2\n"
                + (arch == "noarch" ? "BuildArch: noarch\n" : string.Empty) + "%description\ntest\n%files\n");
            Run("rpmbuild", "-bb", "--quiet", "--define", $"_topdir {top}", "--target", arch == "noarch" ? "x86_64" : arch, spec);
        }

        Directory = Path.Combine(top, "RPMS");
    }

    /// <summary>The built rpms (in arch subfolders), or null when rpmbuild/createrepo_c are missing.</summary>
    public string? Directory { get; }

    public void Dispose() => work.Delete(recursive: true);

    private static bool Tool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, name)));

    internal static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stdout}{stderr.Result}");
        }
    }
}
