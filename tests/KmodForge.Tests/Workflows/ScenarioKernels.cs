using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Pipeline;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Workflows;

/// <summary>
/// The real Debian kernels the workflow scenarios build, asked of the archive today: the newest bookworm,
/// bookworm-backports and trixie kernels (the nightly's kernels.json), and an older bookworm kernel whose headers are
/// still in the archive (the on-demand loop's kernel, not in kernels.json). Resolving them makes the debian:12 and
/// debian:13 base images present, as a weekly job's runner would have them.
/// </summary>
internal sealed partial record ScenarioKernels(BuildTarget Bookworm, BuildTarget Backports, BuildTarget Trixie, string OlderBookworm)
{
    public static async Task<ScenarioKernels> ResolveAsync(IBuildLog log, CancellationToken cancellationToken)
    {
        var services = DriverBuildFactory.CreateServices(ArgumentSettingsProvider.FromArgs([], _ => null), log, RepoPaths.Root);
        async Task<BuildTarget> Latest(string version, string release) => await DriverBuildFactory.ResolveTargetAsync(
            new DriverBuildSettings { Distribution = "debian", DistroVersion = version, KernelRelease = release, Architecture = "x86_64", DriverVersion = "v0.1.0" },
            services, cancellationToken);

        var bookworm = await Latest("12", DriverBuildSettings.LatestKernel);
        var backports = await Latest("12", DriverBuildSettings.LatestBackportsKernel);
        var trixie = await Latest("13", DriverBuildSettings.LatestKernel);

        // Every bookworm ABI the archive still serves headers for (point release, -updates, -security); the one before the newest.
        var query = await services.Engine.RunAsync(new ContainerRunRequest(bookworm.BaseImageTag,
            ["sh", "-c", "apt-get update -qq >/dev/null 2>&1; apt-cache search --names-only '^linux-headers-6\\.1\\.0-[0-9]+-amd64$'"]), cancellationToken);
        var abis = HeaderPackage().Matches(query.StandardOutput).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .Where(abi => $"6.1.0-{abi}-amd64" != bookworm.KernelRelease).Order().ToList();
        Assert.True(abis.Count > 0, $"the archive lists no bookworm kernel besides {bookworm.KernelRelease}: {query.StandardOutput}{query.StandardError}");
        return new ScenarioKernels(bookworm, backports, trixie, $"6.1.0-{abis[^1]}-amd64");
    }

    /// <summary>kernels.json with the three nightly kernels, and any <paramref name="extra"/> Debian 12 releases.</summary>
    public string KernelsJson(params string[] extra)
    {
        var entries = new[] { Bookworm, Backports, Trixie }.Select(t => (t.KernelRelease, t.DistroVersion.Id))
            .Concat(extra.Select(r => (r, "12")))
            .Select(e => $"    {{ \"target\": \"debian\", \"kernelrelease\": \"{e.Item1}\", \"distroversion\": \"{e.Item2}\" }}");
        return "{\n  \"x86_64\": [\n" + string.Join(",\n", entries) + "\n  ],\n  \"aarch64\": []\n}\n";
    }

    [GeneratedRegex(@"^linux-headers-6\.1\.0-(\d+)-amd64 ", RegexOptions.Multiline)]
    private static partial Regex HeaderPackage();
}
