using KmodForge.Containers;
using KmodForge.Containers.Tooling;
using KmodForge.Images;
using KmodForge.Targets;
using KmodForge.Tests.GitHub;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Setup;

/// <summary>
/// The README's set-up on a truly fresh machine: a container of plain Debian 12 (the root filesystem the offline
/// bootstrap makes, nothing added) with a copy of this checkout. It has no Podman, runc, mmdebstrap or containers.conf;
/// `./build.sh --target=Prerequisites` installs them from Debian's archive, a second run installs nothing, and a dry
/// run of the main job plans every phase. The .NET SDK (build.sh's one requirement) is the host's, mounted read-only,
/// plus the libraries its package depends on; the host's NuGet package folder is mounted read-only so the build host
/// restores offline.
/// </summary>
[Collection("Containers")]
public sealed class FreshMachineTests(ITestOutputHelper output)
{
    private const string Script = """
        set -e
        echo '== the .NET SDK: its files are mounted; its package would pull these (dotnet-runtime-deps-10.0)'
        apt-get -qq update && DEBIAN_FRONTEND=noninteractive apt-get -qq install -y --no-install-recommends libicu72 libssl3 libgssapi-krb5-2 zlib1g tzdata ca-certificates >/dev/null
        cp -a /src/. /repo && cd /repo
        echo '== first run'; ./build.sh --target=Prerequisites
        echo '== second run'; ./build.sh --target=Prerequisites
        echo '== installed'; dpkg-query -W -f='${Package} ${Status}\n' podman runc mmdebstrap arch-test; cat /etc/containers/containers.conf
        echo '== dry run'; ./build.sh --target=Driver --dryrun --distribution=debian --distro-version=12 --kernel-release=latest --driver-version=v0.1.0
        """;

    /// <summary>The machine's own certificate authorities (this sandbox's egress CA): a fresh machine on this network trusts them too, and NuGet's audit needs HTTPS.</summary>
    private const string LocalCertificates = "/usr/local/share/ca-certificates";

    [ContainerFact]
    public async Task Prerequisites_install_what_a_fresh_debian_12_lacks_then_nothing_and_the_main_job_plans()
    {
        var log = new RecordingLog();
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        var image = await PlainDebian12Async(engine, log);
        using var checkout = new TempDirectory("kmodforge-fresh");
        CopyCheckout(checkout.Path);
        var dotnet = Path.GetDirectoryName(new FileInfo(ExecutableSearch.Find("dotnet")!).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? ExecutableSearch.Find("dotnet")!)!;
        var nuget = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        var run = await engine.RunAsync(new ContainerRunRequest(image, ["sh", "-c", Script])
        {
            Mounts =
            [
                new Mount(checkout.Path, "/src", ReadOnly: true), new Mount(dotnet, dotnet, ReadOnly: true), new Mount(nuget, "/root/.nuget/packages", ReadOnly: true),
                .. Directory.Exists(LocalCertificates) ? [new Mount(LocalCertificates, LocalCertificates, ReadOnly: true)] : Array.Empty<Mount>(),
            ],
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = $"{dotnet}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                ["DOTNET_ROOT"] = dotnet,
                ["HOME"] = "/root",
            },
            Timeout = TimeSpan.FromMinutes(30),
        }, CancellationToken.None);
        output.WriteLine(run.StandardOutput);
        output.WriteLine(run.StandardError);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var first = Section(run.StandardOutput, "== first run", "== second run");
        var second = Section(run.StandardOutput, "== second run", "== installed");
        Assert.Contains("This machine lacks:", first, StringComparison.Ordinal);
        Assert.Contains("apt-get install podman runc mmdebstrap arch-test", first, StringComparison.Ordinal);
        Assert.Contains("wrote /etc/containers/containers.conf", first, StringComparison.Ordinal);
        Assert.DoesNotContain("lacks", second, StringComparison.Ordinal);
        Assert.DoesNotContain("apt-get", second, StringComparison.Ordinal);
        Assert.Contains("Prerequisites", second, StringComparison.Ordinal);
        var installed = Section(run.StandardOutput, "== installed", "== dry run");
        foreach (var package in new[] { "podman", "runc", "mmdebstrap", "arch-test" })
        {
            Assert.Contains($"{package} install ok installed", installed, StringComparison.Ordinal);
        }

        Assert.Contains("runtime = \"runc\"", installed, StringComparison.Ordinal);
        var dryRun = run.StandardOutput[run.StandardOutput.IndexOf("== dry run", StringComparison.Ordinal)..];
        foreach (var task in new[] { "Prerequisites", "ResolveTarget", "BaseImage", "Compile", "Package", "Publish", "Driver" })
        {
            Assert.Contains(task, dryRun, StringComparison.Ordinal);
        }
    }

    /// <summary>The plain Debian 12 image the offline bootstrap makes (kmodforge/rootfs-debian:12-amd64), made when missing.</summary>
    private static async Task<string> PlainDebian12Async(CliContainerEngine engine, RecordingLog log)
    {
        var plan = DebootstrapPlan.For(DistroRegistry.Debian.GetVersion("12"), Architecture.X86_64, new BaseImageSettings(), ArchitectureNames.Host());
        if (!await engine.ImageExistsAsync(plan.RootfsImage, CancellationToken.None))
        {
            var tarball = await new DebianRootfsBootstrapper(e => new HostCommand(e), log, TimeSpan.FromMinutes(30)).EnsureTarballAsync(plan, [], CancellationToken.None);
            await engine.ImportAsync(tarball, plan.RootfsImage, plan.Platform, CancellationToken.None);
        }

        return plan.RootfsImage;
    }

    /// <summary>The checkout as a fresh clone sees it: tracked and new files, nothing ignored (no bin/obj).</summary>
    private static void CopyCheckout(string destination)
    {
        var files = ProcessRunner.Run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], RepoPaths.Root).EnsureSuccess("git ls-files").Output;
        foreach (var file in files.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Path.Combine(RepoPaths.Root, file);
            if (!File.Exists(source))
            {
                continue; // deleted in the working tree
            }

            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target); // keeps the mode bits (build.sh stays executable)
        }
    }

    private static string Section(string text, string from, string to)
    {
        var start = text.IndexOf(from, StringComparison.Ordinal);
        var end = text.IndexOf(to, StringComparison.Ordinal);
        return start >= 0 && end > start ? text[start..end] : throw new InvalidOperationException($"no section {from}..{to} in:\n{text}");
    }
}
