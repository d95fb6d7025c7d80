using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Headers;
using KmodForge.Headers.Koji;
using KmodForge.Headers.Rpm;
using KmodForge.Net;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Headers.Koji;

public sealed class KojiHeaderSourceTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly HttpClient http = new(new RetryHandler(new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) }));
    private static readonly BuildTarget Fedora = BuildTarget.Create("fedora", null, "6.14.0-63.fc42.x86_64", "x86_64", "v1.0.0");

    private (string Path, string SigMd5) MakeRpm()
    {
        var rpm = RpmBuilder.KernelDevel(temp.Path, "kernel-devel", "6.14.0", "63.fc42");
        var sigmd5 = ProcessRunner.Run("rpm", "-qp", "--qf", "%{SIGMD5}", rpm).EnsureSuccess("rpm -qp").Output.Trim();
        return (rpm, sigmd5);
    }

    private KojiHeaderSource Source(LocalKojiServer koji) => new(http, new HeaderSourceSettings
    {
        KojiHubs = ["fedora=" + koji.Hub.AbsoluteUri],
        KojiTopUrls = ["fedora=" + koji.TopUrl.AbsoluteUri],
    });

    [Fact]
    public void Each_distribution_Koji_instance_is_the_registrys_unless_a_setting_replaces_it()
    {
        var settings = Bind("--koji-hub=centos=https://centos.example/kojihub", "--koji-topurl=centos=https://centos.example/files");

        Assert.Equal(("https://koji.fedoraproject.org/kojihub", "https://kojipkgs.fedoraproject.org"), settings.KojiEndpoints(DistroRegistry.Fedora));
        Assert.Equal(("https://centos.example/kojihub", "https://centos.example/files"), settings.KojiEndpoints(DistroRegistry.CentOS));
        Assert.Equal(["centos=https://centos.example/kojihub"], settings.KojiHubs);
        Assert.Throws<InvalidOperationException>(() => settings.KojiEndpoints(DistroRegistry.Debian));
    }

    [Theory]
    [InlineData("--koji-hub=debian=https://x.example/kojihub", "--koji-hub / KMODFORGE_KOJI_HUB: 'debian=https://x.example/kojihub' has the entry 'debian=https://x.example/kojihub'; accepted: <distribution>=<url>, where the distribution is one of fedora, centos")]
    [InlineData("--koji-hub=https://x.example/kojihub", "accepted: <distribution>=<url>, where the distribution is one of fedora, centos")]
    [InlineData("--koji-topurl=fedora=ftp://x.example/files", "--koji-topurl / KMODFORGE_KOJI_TOPURL: 'fedora=ftp://x.example/files' gives fedora the URL 'ftp://x.example/files'; accepted: an absolute http:// or https:// URL")]
    public void A_bad_koji_entry_names_the_setting_the_entry_and_what_is_accepted(string argument, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => Bind(argument));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<InvalidInputException>(error);
    }

    private static HeaderSourceSettings Bind(params string[] arguments)
    {
        var given = arguments.Select(a => a[2..].Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return SettingsBinder.Bind<HeaderSourceSettings>(given.GetValueOrDefault, _ => null);
    }

    [Fact]
    public async Task A_64k_page_kernel_resolves_to_the_kernel_64k_devel_rpm_of_the_kernel_build()
    {
        await using var koji = await LocalKojiServer.StartAsync();
        // rpmbuild here cannot target aarch64; the plan is what is checked, so an x86_64 build is served under the aarch64 name.
        var built = RpmBuilder.KernelDevel(temp.Path, "kernel-64k-devel", "5.14.0", "570.el9");
        var rpm = temp.Combine("kernel-64k-devel-5.14.0-570.el9.aarch64.rpm");
        File.Copy(built, rpm);
        var sigmd5 = ProcessRunner.Run("rpm", "-qp", "--qf", "%{SIGMD5}", rpm).EnsureSuccess("rpm -qp").Output.Trim();
        koji.AddRpm(rpm, "kernel", "5.14.0", "570.el9", "aarch64", sigmd5);
        var source = new KojiHeaderSource(http, new HeaderSourceSettings
        {
            KojiHubs = ["centos=" + koji.Hub.AbsoluteUri],
            KojiTopUrls = ["centos=" + koji.TopUrl.AbsoluteUri],
        });

        var answer = await source.ResolveAsync(BuildTarget.Create("centos", null, "5.14.0-570.el9.aarch64+64k", "aarch64", "v1.0.0"), "unused", CancellationToken.None);

        var download = Assert.Single(Assert.IsType<HeaderPlan>(answer.Plan).Downloads);
        Assert.Equal(new Uri(koji.TopUrl.AbsoluteUri + "/packages/kernel/5.14.0/570.el9/aarch64/kernel-64k-devel-5.14.0-570.el9.aarch64.rpm"), download.Url);
        Assert.Equal("kernel-64k-devel-5.14.0-570.el9.aarch64.rpm", download.FileName);
        Assert.Contains("getRPM(kernel-64k-devel-5.14.0-570.el9.aarch64)", answer.Attempt.Asked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolves_the_exact_rpm_and_downloads_it_checked_against_kojis_size_and_payloadhash()
    {
        await using var koji = await LocalKojiServer.StartAsync();
        var (rpm, sigmd5) = MakeRpm();
        koji.AddRpm(rpm, "kernel", "6.14.0", "63.fc42", "x86_64", sigmd5);

        var answer = await Source(koji).ResolveAsync(Fedora, "unused", CancellationToken.None);

        var plan = Assert.IsType<HeaderPlan>(answer.Plan);
        var download = Assert.Single(plan.Downloads);
        Assert.Equal(new Uri(koji.TopUrl.AbsoluteUri + "/packages/kernel/6.14.0/63.fc42/x86_64/kernel-devel-6.14.0-63.fc42.x86_64.rpm"), download.Url);
        Assert.Equal(new FileInfo(rpm).Length, download.Size);
        Assert.Equal(sigmd5, download.RpmSigMd5);
        Assert.Contains("dnf -y install", plan.InstallScript, StringComparison.Ordinal);
        Assert.Contains("getRPM(kernel-devel-6.14.0-63.fc42.x86_64)", answer.Attempt.Asked, StringComparison.Ordinal);

        var into = temp.Combine("downloads");
        Directory.CreateDirectory(into);
        await new HeaderDownloader(http, NullBuildLog.Instance, 1 << 30).DownloadAsync(download, into, CancellationToken.None);
        Assert.Equal(File.ReadAllBytes(rpm), File.ReadAllBytes(Path.Combine(into, download.FileName)));
    }

    [Fact]
    public async Task An_archived_build_is_fetched_from_its_volume()
    {
        await using var koji = await LocalKojiServer.StartAsync();
        var (rpm, sigmd5) = MakeRpm();
        koji.AddRpm(rpm, "kernel", "6.14.0", "63.fc42", "x86_64", sigmd5, volume: "fedora_koji_archive02");

        var answer = await Source(koji).ResolveAsync(Fedora, "unused", CancellationToken.None);

        var download = Assert.Single(answer.Plan!.Downloads);
        Assert.Contains("/kojifiles/vol/fedora_koji_archive02/packages/kernel/6.14.0/63.fc42/x86_64/", download.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("volume fedora_koji_archive02", answer.Plan.Description, StringComparison.Ordinal);
        var into = temp.Combine("d");
        Directory.CreateDirectory(into);
        await new HeaderDownloader(http, NullBuildLog.Instance, 1 << 30).DownloadAsync(download, into, CancellationToken.None);
    }

    [Fact]
    public async Task A_kernel_koji_does_not_know_is_reported_as_no_such_rpm()
    {
        await using var koji = await LocalKojiServer.StartAsync();

        var answer = await Source(koji).ResolveAsync(Fedora, "unused", CancellationToken.None);

        Assert.Null(answer.Plan);
        Assert.Equal("no such rpm (getRPM returned nil)", answer.Attempt.Answer);
    }

    [Fact]
    public async Task Transient_hub_errors_are_retried()
    {
        await using var koji = await LocalKojiServer.StartAsync();
        var (rpm, sigmd5) = MakeRpm();
        koji.AddRpm(rpm, "kernel", "6.14.0", "63.fc42", "x86_64", sigmd5);
        koji.HubFailuresToServe = 2;

        var answer = await Source(koji).ResolveAsync(Fedora, "unused", CancellationToken.None);

        Assert.NotNull(answer.Plan);
        Assert.Equal(4, koji.HubCalls);
    }

    [Fact]
    public async Task A_download_whose_payload_does_not_match_kojis_payloadhash_is_refused_and_removed()
    {
        await using var koji = await LocalKojiServer.StartAsync();
        var (rpm, _) = MakeRpm();
        koji.AddRpm(rpm, "kernel", "6.14.0", "63.fc42", "x86_64", payloadHash: new string('0', 32));
        var answer = await Source(koji).ResolveAsync(Fedora, "unused", CancellationToken.None);
        var into = temp.Combine("d");
        Directory.CreateDirectory(into);

        var error = await Assert.ThrowsAsync<HeaderDownloadException>(() =>
            new HeaderDownloader(http, NullBuildLog.Instance, 1 << 30).DownloadAsync(answer.Plan!.Downloads[0], into, CancellationToken.None));

        Assert.Contains("does not match the source's payloadhash", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(into));
    }

    [Fact]
    public async Task A_truncated_download_is_refused()
    {
        await using var koji = await LocalKojiServer.StartAsync();
        var (rpm, sigmd5) = MakeRpm();
        var bytes = File.ReadAllBytes(rpm);
        koji.AddRpm(rpm, "kernel", "6.14.0", "63.fc42", "x86_64", sigmd5, servedBytes: bytes[..(bytes.Length / 2)]);
        var answer = await Source(koji).ResolveAsync(Fedora, "unused", CancellationToken.None);
        var into = temp.Combine("d");
        Directory.CreateDirectory(into);

        var error = await Assert.ThrowsAsync<HeaderDownloadException>(() =>
            new HeaderDownloader(http, NullBuildLog.Instance, 1 << 30).DownloadAsync(answer.Plan!.Downloads[0], into, CancellationToken.None));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        http.Dispose();
        temp.Dispose();
    }
}
