using KmodForge.Containers;
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

/// <summary>
/// The one-run install's answer as the build reads it, from what the script prints (its real runs against apt are
/// <see cref="AptInContainerTests"/> and the Debian pipeline tests): found, not found, and a failed install.
/// </summary>
public sealed class AptOneRunInstallTests
{
    private static readonly BuildTarget Target = BuildTarget.Create("debian", "12", "6.1.0-57-amd64", "x86_64", "v0.1.0");

    private static Task<HeaderSourceAnswer> InstallAsync(int exitCode, string output, string error = "") =>
        new AptHeaderSource(new OneRun(new ContainerRunResult(exitCode, output, error)), new AptSettings())
            .ResolveAndInstallAsync(Target, "kmodforge/base-debian:12-amd64", new ImageCommitRequest("kmodforge/headers-debian:x"), CancellationToken.None);

    [Fact]
    public void The_script_installs_the_exact_name_without_a_query_and_reads_the_plan_from_dpkg()
    {
        var script = new AptHeaderSource(null!, new AptSettings()).ResolveAndInstallScript(Target);

        Assert.Contains("'?exact-name(linux-headers-6.1.0-57-amd64)'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--simulate", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("apt-cache show", StringComparison.Ordinal) > script.IndexOf("apt-get install", StringComparison.Ordinal),
            "apt-cache is asked only after the install, to tell an unknown package from a failed install");
        Assert.Contains("apt-get update -qq -o Acquire::Languages=none", script, StringComparison.Ordinal);
        Assert.DoesNotContain("backports", script, StringComparison.Ordinal);
        // dpkg leaves out the other architectures' arch/ directories during the install only.
        Assert.Contains("'path-exclude=/usr/src/linux-headers-*/arch/*' 'path-include=/usr/src/linux-headers-*/arch/x86/*' > /etc/dpkg/dpkg.cfg.d/kmodforge-headers-arch", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("rm -f /etc/dpkg/dpkg.cfg.d/kmodforge-headers-arch", StringComparison.Ordinal) > script.IndexOf("apt-get install", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_plan_is_the_headers_version_and_the_packages_dpkg_added_sorted_by_name()
    {
        var answer = await InstallAsync(0,
            "kmodforge: installing\nkmodforge: installed\n6.1.192-3\nlinux-kbuild-6.1 6.1.192-3\nlinux-compiler-gcc-12-x86 6.1.192-3\nlinux-headers-6.1.0-57-amd64 6.1.192-3\n");

        var plan = Assert.IsType<HeaderPlan>(answer.Plan);
        Assert.Equal(["linux-compiler-gcc-12-x86", "linux-headers-6.1.0-57-amd64", "linux-kbuild-6.1"], plan.Packages);
        Assert.Equal("apt: linux-compiler-gcc-12-x86 6.1.192-3, linux-headers-6.1.0-57-amd64 6.1.192-3, linux-kbuild-6.1 6.1.192-3", plan.Description);
        Assert.Contains("linux-headers-6.1.0-57-amd64=6.1.192-3", plan.InstallScript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_already_in_the_base_image_are_a_plan_of_that_one_package()
    {
        var answer = await InstallAsync(0, "kmodforge: installing\nkmodforge: installed\n6.1.192-3\n");

        Assert.Equal("apt: linux-headers-6.1.0-57-amd64 6.1.192-3 (already in the base image)", answer.Plan?.Description);
    }

    [Theory]
    [InlineData(100, "", "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease")]
    [InlineData(100, "kmodforge: installing\nkmodforge: not found\n", "E: Unable to locate package linux-headers-6.1.0-57-amd64")]
    public async Task Unreadable_lists_or_an_unknown_package_are_not_found_with_apts_reason(int exitCode, string output, string error)
    {
        var answer = await InstallAsync(exitCode, output, error);

        Assert.Null(answer.Plan);
        Assert.Equal($"no such package ({error})", answer.Attempt.Answer);
        Assert.Contains("?exact-name(linux-headers-6.1.0-57-amd64)", answer.Attempt.Asked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_package_whose_install_failed_is_an_error_that_names_it()
    {
        var e = await Assert.ThrowsAsync<ContainerEngineException>(() =>
            InstallAsync(100, "kmodforge: installing\n", "E: Failed to fetch http://deb.debian.org/debian-security/pool/updates/main/l/linux/linux-kbuild-6.1_6.1.192-3_amd64.deb  Connection timed out"));

        Assert.Contains("installing linux-headers-6.1.0-57-amd64 in kmodforge/base-debian:12-amd64 for kmodforge/headers-debian:x failed with exit code 100", e.Message, StringComparison.Ordinal);
        Assert.Contains("Connection timed out", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_dpkg_gives_that_is_no_debian_version_is_refused()
    {
        var answer = await InstallAsync(0, "kmodforge: installing\nkmodforge: installed\n6.1; rm -rf /\n");

        Assert.Null(answer.Plan);
        Assert.StartsWith("dpkg answered no usable version", answer.Attempt.Answer, StringComparison.Ordinal);
    }

    /// <summary>An engine whose one run-and-commit answers <paramref name="result"/>; anything else fails the test.</summary>
    private sealed class OneRun(ContainerRunResult result) : KmodForge.Tests.Support.RefusingContainerEngine("the one-run install uses one run-and-commit only")
    {
        public override Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken) =>
            Task.FromResult(result);
    }
}

public sealed class AptBackportsTests
{
    [Theory]
    [InlineData("12", "6.1.0-57-amd64", false)]
    [InlineData("12", "6.1.0-57-cloud-amd64", false)]
    [InlineData("13", "6.12.118+deb13-amd64", false)]
    [InlineData("12", "6.12.43+deb12-amd64", true)]
    [InlineData("12", "6.5.0-0.deb12.4-amd64", true)]
    [InlineData("13", "6.16.3+deb13-amd64", true)]
    public void Backports_is_read_only_for_a_kernel_newer_than_the_versions_own_line(string version, string release, bool backports)
    {
        var source = new AptHeaderSource(null!, new AptSettings());
        var target = BuildTarget.Create("debian", version, release, "x86_64", "v0.1.0");

        Assert.Equal(backports, source.SourcesSetup(target).Contains("-backports main", StringComparison.Ordinal));
        Assert.Contains("-backports main", source.SourcesSetup(target, backports: true), StringComparison.Ordinal);
    }
}
