using KmodForge.Compile;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Compile;

public sealed class ModuleCompilerTests
{
    [Fact]
    public void Make_runs_kbuild_against_the_distributions_kernel_tree_with_the_driver_version()
    {
        var debian = BuildTarget.Create("debian", "12", "6.1.0-41-amd64", "x86_64", "v0.1.0-rc.1");
        var fedora = BuildTarget.Create("fedora", null, "6.14.0-63.fc42.aarch64", "aarch64", "v2.0.0");

        Assert.Equal(["make", "-j2", "-C", "/usr/src/linux-headers-6.1.0-41-amd64", "M=/build/src", "KMODFORGE_DRIVER_VERSION=0.1.0~rc.1", "modules"],
            ModuleCompiler.MakeCommand(debian, 2));
        Assert.Contains("/usr/src/kernels/6.14.0-63.fc42.aarch64", ModuleCompiler.MakeCommand(fedora, 4));
    }

    [Fact]
    public void Copying_the_source_leaves_out_build_products_and_vcs_folders()
    {
        using var temp = new TempDirectory();
        var from = temp.Combine("from");
        Directory.CreateDirectory(Path.Combine(from, "sub"));
        Directory.CreateDirectory(Path.Combine(from, ".git"));
        foreach (var file in new[] { "Kbuild", "a.c", "a.h", "sub/b.c", "a.o", "a.ko", "a.mod", "a.mod.c", ".a.o.cmd", "Module.symvers", "modules.order", ".git/HEAD" })
        {
            File.WriteAllText(Path.Combine(from, file), file);
        }

        ModuleCompiler.CopySource(from, temp.Combine("to"));

        var copied = Directory.EnumerateFiles(temp.Combine("to"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(temp.Combine("to"), f)).Order(StringComparer.Ordinal);
        Assert.Equal(["Kbuild", "a.c", "a.h", "sub/b.c"], copied);
    }
}
