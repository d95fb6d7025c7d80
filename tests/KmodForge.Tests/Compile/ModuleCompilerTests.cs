using KmodForge.Compile;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Compile;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
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

    /// <summary>Runs the compile script on the host against a .config holding <paramref name="configLine"/> (the real
    /// sed reads it), with stand-ins for make (printing its arguments) and the compilers in <paramref name="installed"/>.</summary>
    private static ProcessRunner.Result RunCompileScript(string? configLine, params string[] installed)
    {
        using var temp = new TempDirectory();
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        void Stub(string name, string body)
        {
            File.WriteAllText(Path.Combine(bin, name), "#!/bin/sh\n" + body + "\n");
            File.SetUnixFileMode(Path.Combine(bin, name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Stub("make", "echo \"make $*\"");
        foreach (var compiler in installed)
        {
            Stub(compiler, "exit 0");
        }

        File.WriteAllText(temp.Combine(".config"), $"CONFIG_CC_IS_GCC=y\n{configLine}\nCONFIG_GCC_VERSION=140200\n");
        var target = BuildTarget.Create("debian", "13", "6.12.117+deb13-amd64", "x86_64", "v1.0.0");
        var script = ModuleCompiler.CompileScript(target, 2);
        Assert.Contains("'/usr/src/linux-headers-6.12.117+deb13-amd64/.config'", script, StringComparison.Ordinal);
        return ProcessRunner.Run("/bin/sh", ["-c", script.Replace("/usr/src/linux-headers-6.12.117+deb13-amd64/.config", temp.Combine(".config"), StringComparison.Ordinal)],
            environment: new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/bin:/bin" }).EnsureSuccess("compile script");
    }

    [Fact]
    public void The_kernels_own_compiler_from_its_config_is_passed_as_CC_when_installed()
    {
        var run = RunCompileScript("CONFIG_CC_VERSION_TEXT=\"kmodforge_test-gcc-14 (Debian 14.2.0-19) 14.2.0\"", "kmodforge_test-gcc-14");

        Assert.Equal("kmodforge_test-gcc-14 (the kernel's own)", ModuleCompiler.ChosenCompiler(run.Output));
        Assert.Contains("make -j2 -C /usr/src/linux-headers-6.12.117+deb13-amd64 M=/build/src KMODFORGE_DRIVER_VERSION=1.0.0 modules CC=kmodforge_test-gcc-14", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CONFIG_CC_VERSION_TEXT=\"kmodforge-test-gcc-99 (GCC) 99.1.0\"", "gcc (the kernel's kmodforge-test-gcc-99 is not installed)")]
    [InlineData(null, "gcc (the kernel's compiler, not named in .config, is not installed)")]
    [InlineData("CONFIG_CC_VERSION_TEXT=\"gcc;touch${IFS}/tmp/x (GCC) 12\"", "gcc (the kernel's compiler, not named in .config, is not installed)")]
    public void Without_the_kernels_compiler_the_default_gcc_builds_and_the_script_says_why(string? configLine, string expected)
    {
        var run = RunCompileScript(configLine);

        Assert.Equal(expected, ModuleCompiler.ChosenCompiler(run.Output));
        Assert.DoesNotContain("CC=", run.Output, StringComparison.Ordinal);
    }
}
