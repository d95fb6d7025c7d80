using KmodForge.Setup;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Setup;

public sealed class TestRunTests
{
    [Fact]
    public void By_default_it_is_the_readme_command_with_the_normal_console_logger()
    {
        Assert.Equal(["test", "KmodForge.sln", "-c", "Release", "--logger", "console;verbosity=normal"], TestRun.Arguments(new TestSettings()));
    }

    [Fact]
    public void A_filter_loggers_and_no_build_pass_through_each_as_one_argument()
    {
        var settings = new TestSettings { Filter = "FullyQualifiedName~Packaging & Category!=Slow", Loggers = ["console;verbosity=minimal", "trx;LogFileName=run.trx"], NoBuild = true };

        Assert.Equal(
            ["test", "KmodForge.sln", "-c", "Release", "--logger", "console;verbosity=minimal", "--logger", "trx;LogFileName=run.trx", "--filter", "FullyQualifiedName~Packaging & Category!=Slow", "--no-build"],
            TestRun.Arguments(settings));
    }

    [Fact]
    public void Npm_tools_are_present_only_at_the_listed_version()
    {
        using var temp = new TempDirectory();
        var list = PrerequisiteList.Parse("npm s3rver@3.7.1\nnpm @actions/expressions@0.3.61\n", "list.txt");
        Write(temp, "s3rver", "3.7.1");
        Write(temp, "@actions/expressions", "0.3.60");

        Assert.Equal(["@actions/expressions@0.3.61"], NpmTools.Missing(list, temp.Path).Select(p => p.Name));
        Assert.Equal(("@actions/expressions", "0.3.61"), NpmTools.Split("@actions/expressions@0.3.61"));
    }

    [Fact]
    public void Detached_assemblies_are_new_files_with_the_same_bytes_and_time_so_an_in_place_rewrite_spares_the_running_host()
    {
        using var temp = new TempDirectory();
        var dll = temp.Combine("KmodForge.Build.dll");
        File.WriteAllBytes(dll, [1, 2, 3]);
        File.WriteAllText(temp.Combine("notes.txt"), "not an assembly");
        using var running = new FileStream(dll, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var inode = Inode(dll);

        TestRun.DetachAssemblies(temp.Path);
        File.WriteAllBytes(dll, [9, 9]); // what an in-place rewrite by the build does

        Assert.NotEqual(inode, Inode(dll));
        var seen = new byte[3];
        running.ReadExactly(seen);
        Assert.Equal([1, 2, 3], seen);
        Assert.Equal(["KmodForge.Build.dll", "notes.txt"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Detaching_keeps_the_write_time()
    {
        using var temp = new TempDirectory();
        var dll = temp.Combine("a.dll");
        File.WriteAllBytes(dll, [1]);
        var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(dll, time);

        TestRun.DetachAssemblies(temp.Path);

        Assert.Equal(time, File.GetLastWriteTimeUtc(dll));
    }

    private static string Inode(string path) => ProcessRunner.Run("stat", "-c", "%i", path).EnsureSuccess("stat").Output.Trim();

    private static void Write(TempDirectory temp, string name, string version)
    {
        var dir = temp.Combine("node_modules", name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "package.json"), $"{{\"name\": \"{name}\", \"version\": \"{version}\"}}");
    }
}
