using KmodForge.Compile;
using KmodForge.Headers;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Headers;

/// <summary>
/// The probe cache's wrapper, run by the real <c>/bin/sh</c> around a stand-in compiler that logs each call: probes
/// are answered from the cache (status, output, object) without the compiler; everything else runs it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CompilerProbeCacheTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private string Cache => temp.Combine("cache");

    private string Calls => temp.Combine("calls.log");

    public CompilerProbeCacheTests()
    {
        Directory.CreateDirectory(Cache);
        File.WriteAllText(temp.Combine("wrapper"), CompilerProbeCache.Wrapper);
        // The stand-in compiler: refuses -fbad (as gcc refuses an unknown flag), prints -dump on stdout, writes "obj <args>" to -o.
        File.WriteAllText(temp.Combine("fakecc"), $$"""
            #!/bin/sh
            echo "$*" >> '{{Calls}}'
            out=; prev=
            for a in "$@"; do [ "$prev" = -o ] && out=$a; prev=$a; case $a in -fbad) echo "fakecc: error: unrecognized command-line option '-fbad'" >&2; exit 1 ;; -dump) echo dumped ;; esac; done
            [ -n "$out" ] && printf 'obj\000\377%%\\\047 %s\n' "$*" > "$out"
            exit 0
            """);
        File.SetUnixFileMode(temp.Combine("fakecc"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private ProcessRunner.Result Cc(params string[] args) =>
        ProcessRunner.Run("/bin/sh", [temp.Combine("wrapper"), temp.Combine("fakecc"), .. args], environment: new Dictionary<string, string> { ["KMODFORGE_CC_PROBES"] = Cache });

    private int CompilerRuns => File.Exists(Calls) ? File.ReadAllLines(Calls).Length : 0;

    [Fact]
    public void A_probe_runs_the_compiler_once_then_is_answered_from_the_cache_with_its_object()
    {
        var first = Cc("-Werror", "-fgood", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("tmp1"));
        var second = Cc("-Werror", "-fgood", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("tmp2"));

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(1, CompilerRuns);
        // The object is the one the compiler wrote, under the name the second caller gave.
        Assert.Equal(File.ReadAllText(temp.Combine("tmp1")), File.ReadAllText(temp.Combine("tmp2")));
        Assert.Single(Directory.GetFiles(Cache, "*.key"));
    }

    [Fact]
    public void A_refused_flag_is_answered_with_the_compilers_status_and_message()
    {
        var first = Cc("-fbad", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("t1"));
        var second = Cc("-fbad", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("t2"));

        Assert.Equal((1, 1), (first.ExitCode, second.ExitCode));
        Assert.Contains("unrecognized command-line option '-fbad'", second.Error, StringComparison.Ordinal);
        Assert.Equal(first.Error, second.Error);
        Assert.Equal(1, CompilerRuns);
    }

    [Fact]
    public void Probes_differ_by_every_argument_and_stdout_is_replayed()
    {
        Cc("-dump", "-fa", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("a"));
        Cc("-dump", "-fb", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("b"));
        var again = Cc("-dump", "-fa", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("c"));

        Assert.Equal(2, CompilerRuns);
        Assert.Equal("dumped", again.Output.Trim());
    }

    [Theory]
    [InlineData("-c", "module.c", "-o", "module.o")]
    [InlineData("-c", "-x", "c", "/dev/null", "-o", "-")]
    [InlineData("-c", "-x", "c", "/dev/null", "-o", "/dev/null")]
    [InlineData("-E", "-x", "c", "/dev/null")]
    [InlineData("-c", "-x", "c", "/dev/null", "-DTAB=a\tb", "-o", "tabbed.o")]
    public void Anything_but_a_probe_into_a_file_runs_the_compiler_every_time(params string[] args)
    {
        var inTemp = args.Select(a => a is "module.o" or "tabbed.o" ? temp.Combine(a) : a).ToArray();
        Cc(inTemp);
        Cc(inTemp);

        Assert.Equal(2, CompilerRuns);
        Assert.Empty(Directory.GetFiles(Cache, "*.key"));
    }

    [Fact]
    public void An_answer_is_trusted_only_for_its_own_key()
    {
        Cc("-fgood", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("a"));
        // Another key under the same file name (a cksum collision, or a damaged entry) must not answer.
        var entry = Assert.Single(Directory.GetFiles(Cache, "*.key"));
        File.WriteAllText(entry, "0\t0\tsomething else\n");

        var again = Cc("-fgood", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("b"));

        Assert.Equal(0, again.ExitCode);
        Assert.Equal(2, CompilerRuns);
    }

    private void WriteIndex() =>
        ProcessRunner.Run("/bin/sh", ["-c", "dir=\"$1\"\n" + CompilerProbeCache.IndexScript, "sh", Cache]).EnsureSuccess("index script");

    [Fact]
    public void The_index_answers_every_probe_with_its_status_output_and_exact_object_without_reading_the_entries()
    {
        string[] good = ["-DQ='a b'", "-fgood", "-c", "-x", "c", "/dev/null", "-o"];
        string[] bad = ["-fbad", "-c", "-x", "c", "/dev/null", "-o"];
        string[] dump = ["-dump", "-c", "-x", "c", "/dev/null", "-o"];
        var first = new[] { Cc([.. good, temp.Combine("g1")]), Cc([.. bad, temp.Combine("b1")]), Cc([.. dump, temp.Combine("d1")]) };
        WriteIndex();
        // The entries the cksum lookup reads are spoiled: only the index can answer now.
        foreach (var key in Directory.GetFiles(Cache, "*.key"))
        {
            File.WriteAllText(key, "spoiled\n");
        }

        var again = new[] { Cc([.. good, temp.Combine("g2")]), Cc([.. bad, temp.Combine("b2")]), Cc([.. dump, temp.Combine("d2")]) };

        Assert.Equal(3, CompilerRuns);
        Assert.Equal(first.Select(r => (r.ExitCode, r.Output, r.Error)), again.Select(r => (r.ExitCode, r.Output, r.Error)));
        Assert.Equal(File.ReadAllBytes(temp.Combine("g1")), File.ReadAllBytes(temp.Combine("g2")));
        Assert.Equal(File.ReadAllBytes(temp.Combine("d1")), File.ReadAllBytes(temp.Combine("d2")));
        Assert.Contains((byte)0, File.ReadAllBytes(temp.Combine("g2")));
        Assert.False(File.Exists(temp.Combine("b2")), "a refused flag wrote no object, and its answer writes none");
        Assert.True(File.Exists(Path.Combine(Cache, "index")));
    }

    [Fact]
    public void An_index_key_is_a_literal_so_a_glob_in_an_argument_matches_only_itself()
    {
        Cc("-f*", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("a"));
        WriteIndex();

        Cc("-fx", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("b"));
        Cc("-f*", "-c", "-x", "c", "/dev/null", "-o", temp.Combine("c"));

        Assert.Equal(2, CompilerRuns);
    }

    [Fact]
    public void Without_its_directory_the_wrapper_runs_the_compiler_and_keeps_nothing()
    {
        Directory.Delete(Cache);
        Cc("-c", "-x", "c", "/dev/null", "-o", temp.Combine("x"));
        Cc("-c", "-x", "c", "/dev/null", "-o", temp.Combine("y"));

        Assert.Equal(2, CompilerRuns);
        Assert.False(Directory.Exists(Cache));
    }

    [Fact]
    public void The_compile_script_runs_the_compiler_through_the_cache_only_where_the_layer_has_its_directory()
    {
        var bin = temp.Combine("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "make"), "#!/bin/sh\necho \"make $*\"\n");
        File.SetUnixFileMode(Path.Combine(bin, "make"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var target = BuildTarget.Create("debian", "12", "6.1.0-57-amd64", "x86_64", "v1.0.0");
        string Run(string directory) => ProcessRunner.Run("/bin/sh", ["-c", ModuleCompiler.CompileScript(target, 2, directory)],
            environment: new Dictionary<string, string> { ["PATH"] = $"{bin}:/usr/bin:/bin" }).EnsureSuccess("compile script").Output;

        var with = Run(Cache);
        var without = Run(temp.Combine("absent"));

        // The compiler is gcc, or the kernel's own where this machine has the kernel's headers and compiler.
        Assert.Matches($"CC=sh {System.Text.RegularExpressions.Regex.Escape(Cache)}/cc gcc(-[0-9]+)?\n", with);
        Assert.Equal(CompilerProbeCache.Wrapper + "\n", File.ReadAllText(Path.Combine(Cache, "cc")));
        Assert.Matches("modules( CC=gcc(-[0-9]+)?)?\n", without);
        Assert.False(Directory.Exists(temp.Combine("absent")));
    }

    public void Dispose() => temp.Dispose();
}
