using System.Buffers.Binary;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Targets;
using KmodForge.Tests.Modules;
using KmodForge.Tests.Support;
using Xunit.Abstractions;

namespace KmodForge.Tests.Loader;

/// <summary>
/// The arm64 loader, cross-published on this x86_64 machine as docs/loader.md says (<c>-r linux-arm64</c>: clang
/// against the multiarch arm64 libc and zlib), then run as an arm64 node runs it: in an arm64 Debian 12 container under
/// QEMU, with nothing telling it the architecture. It must detect aarch64 itself, pick the arm64 package, verify its
/// signature against the pinned key and extract the module for a stand-in insmod (nothing is loaded).
/// </summary>
[Collection("Containers")]
public sealed class NativeLoaderArm64Tests(ITestOutputHelper output) : IDisposable
{
    private const long MaxBinaryBytes = 25L * 1024 * 1024;
    private const ushort ElfMachineAarch64 = 183;
    private const string KernelRelease = "6.1.0-28-arm64";
    private readonly TempDirectory temp = new();

    [ContainerFact]
    public async Task The_cross_published_arm64_loader_detects_an_arm64_node_and_extracts_its_verified_package()
    {
        var binary = Publish();
        var size = new FileInfo(binary).Length;
        output.WriteLine($"kmodforge-loader (linux-arm64): {size:N0} bytes");
        Assert.InRange(size, 1, MaxBinaryBytes);
        Assert.Equal(ElfMachineAarch64, ElfMachine(binary));

        var log = BuildLogFactory.Create(new BuildLogOptions(), _ => null, new StringWriter());
        var engine = ContainerEngineFactory.Create(new ContainerSettings(), log);
        var debian = DistroRegistry.Debian;
        var image = await BaseImageBuilder.Create(engine, new BaseImageSettings(), RepoPaths.Root, log)
            .EnsureAsync(debian, debian.GetVersion("12"), Architecture.Aarch64, CancellationToken.None);

        var target = BuildTarget.Create("debian", "12", KernelRelease, "aarch64", "v0.1.0");
        using var node = await LoaderNode.CreateAsync(temp, target, Aarch64Module(), "native-arm64");

        var run = await engine.RunAsync(new ContainerRunRequest(image.Tag, ["/loader/kmodforge-loader", .. node.Arguments])
        {
            Mounts = [new Mount(Path.GetDirectoryName(binary)!, "/loader", ReadOnly: true), .. node.Mounts],
            Platform = Architecture.Aarch64.OciPlatform(),
            Network = "none",
            Timeout = TimeSpan.FromMinutes(3),
        }, CancellationToken.None);

        var said = run.StandardOutput + run.StandardError;
        output.WriteLine(said);
        Assert.True(run.ExitCode == 0, said);
        Assert.Contains($"→ debian 12 aarch64 {KernelRelease} driver v0.1.0; package {node.File}", said, StringComparison.Ordinal);
        Assert.Contains($"signed by trusted key {node.Key.PublicKey.Id}", said, StringComparison.Ordinal);
        Assert.Equal(node.ExpectedInsmod("kfsample.ko"), Assert.Single(node.Recorded()));
    }

    /// <summary>Cross-publishes the loader for linux-arm64 the way docs/loader.md says.</summary>
    private string Publish()
    {
        var into = temp.Combine("artifacts", "loader", "linux-arm64");
        ProcessRunner.Run("dotnet", ["publish", Path.Combine(RepoPaths.Root, "src", "KmodForge.Loader"), "-c", "Release", "-r", "linux-arm64", "-o", into, "--nologo"],
            RepoPaths.Root, timeout: TimeSpan.FromMinutes(15)).EnsureSuccess("dotnet publish of the loader for linux-arm64 (NativeAOT, cross-compiled)");
        return Path.Combine(into, "kmodforge-loader");
    }

    /// <summary>e_machine of an ELF file (offset 18, little-endian on both targets).</summary>
    private static ushort ElfMachine(string path)
    {
        var header = new byte[20];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadExactly(header);
        }

        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18));
    }

    /// <summary>An aarch64 relocatable object shaped like the sample module: the .modinfo strings kbuild emits, for the arm64 kernel.</summary>
    private string Aarch64Module()
    {
        var c = temp.Combine("kfsample.c");
        File.WriteAllText(c, $$"""
            static const char modinfo_license[] __attribute__((used, section(".modinfo"), aligned(1))) = "license=GPL";
            static const char modinfo_depends[] __attribute__((used, section(".modinfo"), aligned(1))) = "depends=";
            static const char modinfo_name[] __attribute__((used, section(".modinfo"), aligned(1))) = "name=kfsample";
            static const char modinfo_vermagic[] __attribute__((used, section(".modinfo"), aligned(1))) = "vermagic={{KernelRelease}} SMP mod_unload modversions aarch64";
            int kfsample_init(void) { return 0; }
            """);
        var ko = temp.Combine("kfsample.ko");
        HostProcess.Run("aarch64-linux-gnu-gcc", ["-c", "-O2", "-o", ko, c]).EnsureSuccess("compiling the aarch64 sample object");
        return ko;
    }

    public void Dispose() => temp.Dispose();
}
