namespace KmodForge.Tests.Packaging;

/// <summary>
/// A real kernel module compiled once per test run against the host's Debian kernel headers
/// (<c>/usr/src/linux-headers-*-amd64</c>, from <c>linux-headers-amd64</c>, installed by .ci/install.sh).
/// </summary>
internal static class SampleModule
{
    private static readonly Lazy<(string Ko, string Release, string Headers)> Built = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The compiled, unsigned <c>kfsample.ko</c>.</summary>
    public static string KoPath => Built.Value.Ko;

    /// <summary>The kernel release the module was built for (the headers directory name without <c>linux-headers-</c>).</summary>
    public static string KernelRelease => Built.Value.Release;

    /// <summary>The kernel headers tree (has <c>scripts/sign-file</c>).</summary>
    public static string HeadersDirectory => Built.Value.Headers;

    /// <summary>A fresh copy of the unsigned module in <paramref name="directory"/>.</summary>
    public static string CopyTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var copy = Path.Combine(directory, "kfsample.ko");
        File.Copy(KoPath, copy, overwrite: true);
        return copy;
    }

    private static (string, string, string) Build()
    {
        var headers = Directory.Exists("/usr/src")
            ? Directory.GetDirectories("/usr/src", "linux-headers-*-amd64").Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        if (headers is null)
        {
            throw new InvalidOperationException("no /usr/src/linux-headers-*-amd64: install them with `apt-get install -y linux-headers-amd64` (.ci/install.sh does)");
        }

        var dir = Directory.CreateTempSubdirectory("kmodforge-sample-module-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        File.WriteAllText(Path.Combine(dir, "kfsample.c"), """
            #include <linux/module.h>
            #include <linux/init.h>

            static int __init kfsample_init(void) { pr_info("kfsample loaded\n"); return 0; }
            static void __exit kfsample_exit(void) { pr_info("kfsample unloaded\n"); }
            module_init(kfsample_init);
            module_exit(kfsample_exit);
            MODULE_LICENSE("GPL");
            MODULE_DESCRIPTION("KmodForge packaging test module");
            MODULE_VERSION("1.2.3");
            """);
        File.WriteAllText(Path.Combine(dir, "Makefile"), "obj-m := kfsample.o\n");
        var make = ExternalTool.Run("make", ["-C", headers, $"M={dir}", "modules"]);
        var ko = Path.Combine(dir, "kfsample.ko");
        if (make.ExitCode != 0 || !File.Exists(ko))
        {
            throw new InvalidOperationException($"building the sample module against {headers} failed ({make.ExitCode}):\n{make.Output}");
        }

        return (ko, Path.GetFileName(headers)["linux-headers-".Length..], headers);
    }
}
