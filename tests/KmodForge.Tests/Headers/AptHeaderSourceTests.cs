using KmodForge.Configuration;
using KmodForge.Headers;
using KmodForge.Targets;

namespace KmodForge.Tests.Headers;

public sealed class AptHeaderSourceTests
{
    [Fact]
    public void Debian_builds_enable_the_suites_backports_kernels_live_in()
    {
        var source = new AptHeaderSource(null!, new AptSettings());
        var target = BuildTarget.Create("debian", null, "6.12.43+deb12-amd64", "x86_64", "v0.1.0");

        var setup = source.SourcesSetup(target);

        Assert.Contains("deb http://deb.debian.org/debian bookworm-backports main", setup, StringComparison.Ordinal);
        Assert.Equal("linux-headers-6.12.43+deb12-amd64", AptHeaderSource.HeadersPackage(target));
    }

    [Fact]
    public void Ubuntu_builds_need_no_extra_suites()
    {
        var source = new AptHeaderSource(null!, new AptSettings());

        Assert.Equal(string.Empty, source.SourcesSetup(BuildTarget.Create("ubuntu", "24.04", "6.14.0-1021-gcp", "amd64", "v0.1.2")));
    }

    [Theory]
    [InlineData("http://deb.debian.org/debian; rm -rf /")]
    [InlineData("http://mirror/$(id)")]
    [InlineData("ftp://deb.debian.org/debian")]
    [InlineData("http://deb.debian.org/debian 'x'")]
    public void A_mirror_that_would_reach_a_shell_unsafely_is_refused_with_the_setting_named(string mirror)
    {
        var source = new AptHeaderSource(null!, new AptSettings { DebianMirror = mirror });
        var target = BuildTarget.Create("debian", "12", "6.1.0-41-amd64", "x86_64", "v0.1.0");

        var error = Assert.Throws<SettingsException>(() => source.SourcesSetup(target));

        Assert.Contains("--debian-mirror", error.Message, StringComparison.Ordinal);
    }
}

public sealed class AptExtraSourcesTests
{
    [Fact]
    public void Extra_sources_are_written_for_the_query_and_the_install()
    {
        var source = new AptHeaderSource(null!, new AptSettings { ExtraSources = "deb [trusted=yes] http://127.0.0.1:8080/ubuntu noble main; deb http://mirror.example/ubuntu noble-updates main" });

        var setup = source.SourcesSetup(BuildTarget.Create("ubuntu", "24.04", "6.8.0-1026-gcp", "x86_64", "v1.0.0"));

        Assert.Equal("printf '%s\\n' 'deb [trusted=yes] http://127.0.0.1:8080/ubuntu noble main' 'deb http://mirror.example/ubuntu noble-updates main' > /etc/apt/sources.list.d/kmodforge-extra.list; ", setup);
    }

    [Theory]
    [InlineData("deb http://m/x noble main' > /etc/passwd; echo '")]
    [InlineData("deb-src http://m/x noble main")]
    [InlineData("deb http://m/x $(id) main")]
    public void Extra_source_lines_that_could_break_out_of_the_shell_are_refused(string line)
    {
        var source = new AptHeaderSource(null!, new AptSettings { ExtraSources = line });

        var error = Assert.Throws<SettingsException>(() => source.SourcesSetup(BuildTarget.Create("ubuntu", "24.04", "6.8.0-48-generic", "x86_64", "v1.0.0")));

        Assert.Contains("--apt-extra-sources", error.Message, StringComparison.Ordinal);
    }
}

public sealed class AptSimulationTests
{
    [Fact]
    public void The_version_and_the_packages_a_simulated_install_brings_are_read_from_the_query()
    {
        var answer = AptHeaderSource.ParseQuery("6.8.0-1012.13\nlinux-aws-6.8-headers-6.8.0-1012 6.8.0-1012.13\nlinux-headers-6.8.0-1012-aws 6.8.0-1012.13\n\n");

        Assert.Equal("6.8.0-1012.13", answer!.Version);
        Assert.Equal([("linux-aws-6.8-headers-6.8.0-1012", "6.8.0-1012.13"), ("linux-headers-6.8.0-1012-aws", "6.8.0-1012.13")], answer.Brought);
    }

    [Theory]
    [InlineData("")]
    [InlineData("6.1.0; rm -rf /\n")]
    [InlineData("W: something\n")]
    public void An_answer_without_a_debian_version_first_is_no_answer(string output) => Assert.Null(AptHeaderSource.ParseQuery(output));

    [Fact]
    public void The_query_simulates_the_install_of_the_exact_headers_package_after_the_extra_sources()
    {
        var source = new AptHeaderSource(null!, new AptSettings { ExtraSources = "deb [trusted=yes] http://127.0.0.1:8080/ ./" });

        var script = source.QueryScript(BuildTarget.Create("ubuntu", "24.04", "6.8.0-1012-aws", "x86_64", "v1.0.0"));

        Assert.StartsWith("printf '%s\\n' 'deb [trusted=yes] http://127.0.0.1:8080/ ./' > /etc/apt/sources.list.d/kmodforge-extra.list; apt-get update", script, StringComparison.Ordinal);
        Assert.Contains("apt-cache show --no-all-versions linux-headers-6.8.0-1012-aws 2>/dev/null | awk -v p=linux-headers-6.8.0-1012-aws", script, StringComparison.Ordinal);
        Assert.Contains("apt-get install --simulate -qq --no-install-recommends \"linux-headers-6.8.0-1012-aws=$v\")", script, StringComparison.Ordinal);
    }
}

public sealed class AptInstLinesTests
{
    [Fact]
    public void Apts_simulation_lines_become_name_version_pairs_for_new_packages_and_upgrades()
    {
        const string simulation = """
            NOTE: This is only a simulation!
            Inst linux-aws-6.8-headers-6.8.0-1012 (6.8.0-1012.13 Ubuntu:24.04/noble-updates, Ubuntu:24.04/noble-security [all])
            Inst libc6 [2.39-0ubuntu8.3] (2.39-0ubuntu8.4 Ubuntu:24.04/noble-updates [amd64])
            Inst linux-headers-6.8.0-1012-aws (6.8.0-1012.13 Ubuntu:24.04/noble-updates [amd64])
            Conf linux-headers-6.8.0-1012-aws (6.8.0-1012.13 Ubuntu:24.04/noble-updates [amd64])
            """;
        using var temp = new KmodForge.Tests.Support.TempDirectory();
        File.WriteAllText(temp.Combine("sim"), simulation);

        var lines = KmodForge.Tests.Support.ProcessRunner.Run("sed", "-n", AptHeaderSource.InstLines, temp.Combine("sim")).EnsureSuccess("sed").Output;

        Assert.Equal("linux-aws-6.8-headers-6.8.0-1012 6.8.0-1012.13\nlibc6 2.39-0ubuntu8.4\nlinux-headers-6.8.0-1012-aws 6.8.0-1012.13\n", lines);
    }
}
