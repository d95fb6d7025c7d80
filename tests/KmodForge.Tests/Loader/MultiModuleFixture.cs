using KmodForge.Tests.Modules;

namespace KmodForge.Tests.Loader;

/// <summary>
/// A real package-sized driver of several modules, built once against the host's Debian kernel headers, whose
/// <c>.modinfo depends</c> modpost wrote: <c>kfa_probe</c> needs <c>kfb_core</c>, which needs <c>kfc-ring</c> (a dash in
/// the file name: modinfo names it <c>kfc_ring</c>, depends spells it <c>kfc-ring</c>) and the in-tree <c>videodev</c>
/// (its symbol comes from the kernel's Module.symvers). Their file order is the wrong load order. A stand-in
/// <c>videodev.ko</c> exporting the same symbol is built too, for a host module tree depmod can index. Only read, never loaded.
/// </summary>
public sealed class MultiModuleFixture : IDisposable
{
    public const string ModuleVersion = "0.2.0";

    public MultiModuleFixture()
    {
        WorkDirectory = Directory.CreateTempSubdirectory("kmodforge-multi-").FullName;
        var headers = SampleModuleFixture.FindHeaders();
        KernelRelease = SampleModuleFixture.ReadUtsRelease(headers);
        var package = Write("pkg", new Dictionary<string, string>
        {
            ["kfa_probe.c"] = "extern int kfb_core_hello(void);\nstatic int __init kfa_init(void) { return kfb_core_hello(); }\nstatic void __exit kfa_exit(void) { }\nmodule_init(kfa_init);\nmodule_exit(kfa_exit);\n",
            ["kfb_core.c"] = "extern int kfc_ring_get(void);\nextern void video_device_release_empty(void *vdev);\nint kfb_core_hello(void) { return kfc_ring_get(); }\nEXPORT_SYMBOL_GPL(kfb_core_hello);\nvoid *kfb_core_release = video_device_release_empty;\n",
            ["kfc-ring.c"] = "int kfc_ring_get(void) { return 0; }\nEXPORT_SYMBOL_GPL(kfc_ring_get);\n",
        });
        var videodev = Write("videodev", new Dictionary<string, string>
        {
            ["videodev.c"] = "void video_device_release_empty(void *vdev) { }\nEXPORT_SYMBOL(video_device_release_empty);\n",
        });
        foreach (var dir in new[] { package, videodev })
        {
            HostProcess.Run("make", ["-C", headers, $"M={dir}", "modules"]).EnsureSuccess($"building the modules in {dir} against {headers}");
        }

        KoPaths = new[] { "kfa_probe.ko", "kfb_core.ko", "kfc-ring.ko" }.Select(k => Path.Combine(package, k)).ToList();
        VideodevKoPath = Path.Combine(videodev, "videodev.ko");
    }

    public string WorkDirectory { get; }

    public string KernelRelease { get; }

    /// <summary>The package's modules in file order (kfa_probe, kfb_core, kfc-ring): dependents first, the wrong load order.</summary>
    public IReadOnlyList<string> KoPaths { get; }

    /// <summary>A stand-in for the kernel's videodev.ko: exports video_device_release_empty, as the real one does.</summary>
    public string VideodevKoPath { get; }

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

    private string Write(string name, Dictionary<string, string> sources)
    {
        var dir = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(dir);
        foreach (var (file, body) in sources)
        {
            File.WriteAllText(Path.Combine(dir, file), $"#include <linux/module.h>\n{body}MODULE_LICENSE(\"GPL\");\nMODULE_VERSION(\"{ModuleVersion}\");\n");
        }

        File.WriteAllText(Path.Combine(dir, "Kbuild"), "obj-m := " + string.Join(' ', sources.Keys.Select(f => Path.ChangeExtension(f, ".o"))) + "\n");
        return dir;
    }
}

[CollectionDefinition(Name)]
public sealed class MultiModuleCollection : ICollectionFixture<MultiModuleFixture>
{
    public const string Name = "MultiModule";
}
