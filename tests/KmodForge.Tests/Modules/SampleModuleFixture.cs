using KmodForge.Tests.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Modules;

/// <summary>
/// Builds the real sample module (samples/kmodforge-sample) once per test run against the host's Debian kernel headers
/// (/usr/src/linux-headers-*-amd64), and an aarch64 object with a .modinfo section with the cross compiler. The
/// modules are only read, never loaded.
/// </summary>
public sealed class SampleModuleFixture : IDisposable
{
    public const string ModuleVersion = "0.1.2";

    public SampleModuleFixture()
    {
        WorkDirectory = Directory.CreateTempSubdirectory("kmodforge-sample-").FullName;
        HeadersDirectory = FindHeaders();
        KernelRelease = ReadUtsRelease(HeadersDirectory);

        var source = Path.Combine(WorkDirectory, "kfsample");
        Directory.CreateDirectory(source);
        foreach (var file in Directory.GetFiles(RepoPaths.Sample))
        {
            File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        }

        BuildOutput = HostProcess.Run("make", ["-C", HeadersDirectory, $"M={source}", $"KFSAMPLE_VERSION={ModuleVersion}", "modules"])
            .EnsureSuccess($"building the sample module against {HeadersDirectory}");
        KoPath = Path.Combine(source, "kfsample.ko");

        Aarch64ObjectPath = BuildAarch64Object();
    }

    public string WorkDirectory { get; }

    public string HeadersDirectory { get; }

    /// <summary>The release the headers are for, e.g. 6.1.0-56-amd64.</summary>
    public string KernelRelease { get; }

    public string KoPath { get; }

    public HostProcess.Result BuildOutput { get; }

    /// <summary>An ET_REL aarch64 object with a .modinfo section (vermagic naming <see cref="KernelRelease"/>).</summary>
    public string Aarch64ObjectPath { get; }

    /// <summary>A fresh temp directory under the fixture's, removed with it.</summary>
    public string NewDirectory()
    {
        var dir = Path.Combine(WorkDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static string FindHeaders()
    {
        var candidates = Directory.Exists("/usr/src")
            ? Directory.GetDirectories("/usr/src", "linux-headers-*-amd64")
                .Where(d => File.Exists(Path.Combine(d, "include", "generated", "utsrelease.h")) && File.Exists(Path.Combine(d, "Makefile")))
                .OrderByDescending(d => d, StringComparer.Ordinal)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "No Debian kernel headers in /usr/src/linux-headers-*-amd64: the module tests build a real .ko against them. " +
            "Run .ci/install.sh (it installs linux-headers-amd64, make and gcc), as CI does.");
    }

    /// <summary>UTS_RELEASE, the release vermagic starts with: <c>#define UTS_RELEASE "6.1.0-56-amd64"</c>.</summary>
    internal static string ReadUtsRelease(string headers)
    {
        var text = File.ReadAllText(Path.Combine(headers, "include", "generated", "utsrelease.h"));
        var start = text.IndexOf('"') + 1;
        var end = text.LastIndexOf('"');
        return start > 0 && end > start ? text[start..end] : throw new InvalidOperationException($"no UTS_RELEASE in {headers}/include/generated/utsrelease.h");
    }

    private string BuildAarch64Object()
    {
        if (!HostProcess.OnPath("aarch64-linux-gnu-gcc"))
        {
            throw new InvalidOperationException(
                "aarch64-linux-gnu-gcc is not installed: the module tests compile an aarch64 object with it. Run .ci/install.sh (it installs gcc-aarch64-linux-gnu), as CI does.");
        }

        var c = Path.Combine(WorkDirectory, "arm64mod.c");
        File.WriteAllText(c, $$"""
            /* An aarch64 object shaped like a module: the .modinfo strings kbuild would emit. */
            static const char modinfo_license[] __attribute__((used, section(".modinfo"), aligned(1))) = "license=GPL";
            static const char modinfo_vermagic[] __attribute__((used, section(".modinfo"), aligned(1))) = "vermagic={{KernelRelease}} SMP mod_unload modversions aarch64";
            static const char modinfo_name[] __attribute__((used, section(".modinfo"), aligned(1))) = "name=arm64mod";
            int arm64mod_init(void) { return 0; }
            """);
        var o = Path.Combine(WorkDirectory, "arm64mod.ko");
        HostProcess.Run("aarch64-linux-gnu-gcc", ["-c", "-O2", "-o", o, c]).EnsureSuccess("compiling the aarch64 object");
        return o;
    }
}

[CollectionDefinition(Name)]
public sealed class SampleModuleCollection : ICollectionFixture<SampleModuleFixture>
{
    public const string Name = "SampleModule";
}
