using KmodForge.Containers;
using KmodForge.IO;
using KmodForge.Naming;
using KmodForge.Packaging;
using KmodForge.Signing.Minisign;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Loader;

/// <summary>
/// A node for the native loader's container tests, under a temp directory: the target's package published as the
/// publisher lays it out (<c>releases/&lt;tag&gt;/&lt;file&gt;</c> with its .sha256 and a .minisig by a throwaway key), the
/// node's Debian 12 os-release, an empty /proc/modules, and a stand-in insmod/modprobe/rmmod that records its arguments
/// (nothing is loaded). <see cref="Arguments"/> and <see cref="Mounts"/> are the DaemonSet's, pinned to that key.
/// </summary>
internal sealed class LoaderNode : IDisposable
{
    private readonly TempDirectory temp;

    private LoaderNode(TempDirectory temp, BuildTarget target, MinisignSecretKey key)
    {
        this.temp = temp;
        Target = target;
        Key = key;
        File = PackageNaming.FileName("kmodforge-sample", target);
    }

    public BuildTarget Target { get; }

    public MinisignSecretKey Key { get; }

    /// <summary>The published package's file name.</summary>
    public string File { get; }

    /// <summary>The loader's arguments, extract mode, as the DaemonSet passes them.</summary>
    public IReadOnlyList<string> Arguments =>
    [
        "--mode=extract", "--host-root=/host", "--cache-dir=/var/cache/kmodforge", $"--driver-version={Target.DriverVersion}", "--driver-name=kmodforge-sample",
        "--release-base=/releases", $"--trusted-keys={Key.PublicKey.Base64}", $"--kernel-release={Target.KernelRelease}", "--insmod-command=/fake-insmod",
        "--modprobe-command=/fake-insmod", "--rmmod-command=/fake-insmod", "--proc-modules=/host/proc-modules", "--sys-module=/host/sys-module",
    ];

    public IReadOnlyList<Mount> Mounts =>
    [
        new Mount(temp.Combine("node", "etc", "os-release"), "/host/etc/os-release", ReadOnly: true),
        new Mount(temp.Combine("proc-modules"), "/host/proc-modules", ReadOnly: true),
        new Mount(temp.Combine("releases"), "/releases", ReadOnly: true),
        new Mount(temp.Combine("fake-insmod"), "/fake-insmod", ReadOnly: true),
        new Mount(temp.Combine("record"), "/record"),
    ];

    /// <summary>The line the loader's first insmod of the cached, extracted module must be.</summary>
    public string ExpectedInsmod(string module) =>
        $"insmod /var/cache/kmodforge/modules/{Target.KernelRelease}/{Path.GetFileNameWithoutExtension(File)}/lib/modules/{Target.KernelRelease}/extra/{module}";

    /// <summary>What the stand-in recorded, one line a command.</summary>
    public string[] Recorded() => System.IO.File.ReadAllLines(temp.Combine("record", "commands.log"));

    /// <summary>Publishes <paramref name="module"/> for <paramref name="target"/>, signed (<paramref name="build"/> in the trusted comment), and lays out the node.</summary>
    public static async Task<LoaderNode> CreateAsync(TempDirectory temp, BuildTarget target, string module, string build)
    {
        var node = new LoaderNode(temp, target, MinisignSecretKey.Generate());
        var releases = temp.Combine("releases", PackageNaming.ReleaseTag(target));
        Directory.CreateDirectory(releases);
        var package = Path.Combine(releases, node.File);
        new DebPackageWriter().Write(PackageSpecFactory.ForModules("kmodforge-sample", target, [module], new PackageMetadataSettings(), 1_700_000_000), package);
        System.IO.File.WriteAllText(package + ".sha256", FileHashing.ChecksumLine(FileHashing.Sha256Hex(package), node.File));
        var prehash = await Prehash.OfFileAsync(package, CancellationToken.None);
        System.IO.File.WriteAllText(package + ".minisig", MinisignSignature.Create(node.Key, prehash, $"file:{node.File}\tbuild:{build}").FileText);
        Directory.CreateDirectory(temp.Combine("node", "etc"));
        System.IO.File.WriteAllText(temp.Combine("node", "etc", "os-release"), OsReleaseSamples.Debian12);
        System.IO.File.WriteAllText(temp.Combine("proc-modules"), string.Empty);
        System.IO.File.WriteAllText(temp.Combine("fake-insmod"), "#!/bin/sh\necho \"insmod $*\" >> /record/commands.log\n");
        ProcessRunner.Run("chmod", "+x", temp.Combine("fake-insmod")).EnsureSuccess("chmod");
        Directory.CreateDirectory(temp.Combine("record"));
        return node;
    }

    public void Dispose() => Key.Dispose();
}
