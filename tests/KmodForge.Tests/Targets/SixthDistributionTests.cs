using System.Text.RegularExpressions;
using KmodForge.Diagnostics;
using KmodForge.Headers;
using KmodForge.Headers.Rpm;
using KmodForge.Images;
using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Tests.Targets;

/// <summary>
/// Issue 14: adding a distribution touches one place. The fake "tuxos" below is defined here only, in a catalog of its
/// own (the shared <see cref="DistroRegistry.Default"/> is left alone), and every consumer handles it from its entry.
/// </summary>
public sealed partial class SixthDistributionTests
{
    private static readonly Distribution TuxOS = new()
    {
        Id = "tuxos",
        DisplayName = "TuxOS",
        Format = PackageFormat.Rpm,
        Versions = [new("8", "registry.example/tuxos:8", null, "8"), new("9", "registry.example/tuxos:9", null, "9")],
        DefaultVersion = "9",
        OsReleaseIds = ["tux"],
        KernelReleasePattern = TuxRelease(),
        KernelReleaseExample = "6.6.1-3.tux9.x86_64",
        KernelDependencyTemplate = "kernel-uname-r = {release}",
        HeaderSources = [HeaderSourceKind.Url, HeaderSourceKind.Dnf],
        KernelBuildDirectory = release => $"/usr/src/kernels/{release}",
        VersionFromRelease = release => TuxRelease().Match(release) is { Success: true } m ? m.Groups["v"].Value : null,
        ArchitectureFromRelease = release => release.EndsWith(".aarch64", StringComparison.Ordinal) ? Architecture.Aarch64 : Architecture.X86_64,
        RpmKernelSourceOf = (_, _) => new("kernel-tux", 2),
        VersionMarkerInKernelList = entry => TuxMarker().Match(entry.KernelRelease) is { Success: true } m ? m.Groups["v"].Value : null,
    };

    private static readonly DistroCatalog Catalog = DistroRegistry.Default.With(TuxOS);

    private static BuildTarget Target(string release = "6.6.1-3.tux9.x86_64") =>
        TargetValidator.Validate(new BuildRequest(release, "x86_64", "tuxos", null, "v1.2.3"), distributions: Catalog).GetTargetOrThrow();

    [Fact]
    public void Validation_accepts_it_in_its_catalog_derives_its_version_and_the_shared_registry_stays_five()
    {
        var target = Target("6.6.1-3.tux8.x86_64");

        Assert.Same(TuxOS, target.Distribution);
        Assert.Equal("8", target.DistroVersion.Id);
        Assert.Equal(PackageFormat.Rpm, target.Format);
        Assert.Equal("v1.2.4", target.WithDriverVersion("v1.2.4").DriverVersion);

        var refused = TargetValidator.Validate(new BuildRequest("6.6.1-3.tux9.x86_64", "x86_64", "tuxos", null, "v1.2.3"));
        Assert.Null(refused.Target);
        Assert.Contains(refused.Errors, e => e.Field == "distribution");
        Assert.Equal(["ubuntu", "debian", "fedora", "centos", "amazonlinux"], DistroRegistry.All.Select(d => d.Id));

        var wrong = TargetValidator.Validate(new BuildRequest("6.1.0-28-amd64", "x86_64", "tuxos", null, "v1.2.3"), distributions: Catalog);
        Assert.Contains("is not a TuxOS kernel release (expected the shape of e.g. '6.6.1-3.tux9.x86_64')", Assert.Single(wrong.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Naming_and_packaging_read_the_entry()
    {
        var target = Target();

        Assert.Equal("mydriver-tuxos-9-6.6.1-3.tux9.x86_64_v1.2.3_x86_64.rpm", PackageNaming.FileName("mydriver", target));
        Assert.Equal("kmodforge/base-tuxos:9-amd64", target.BaseImageTag);
        Assert.Equal("kernel-uname-r = 6.6.1-3.tux9.x86_64", target.Distribution.KernelDependency(target.KernelRelease));

        var devel = KernelDevelPackage.For(target);
        Assert.Equal("kernel-tux-devel", devel.Name);
        Assert.Equal("kernel-tux-devel-2:6.6.1-3.tux9.x86_64", devel.DnfSpec);
        Assert.Equal("kernel-tux", devel.SourceName);
    }

    [Fact]
    public async Task The_header_chain_follows_its_order()
    {
        var asked = new List<HeaderSourceKind>();
        var resolver = new HeaderResolver([new StubSource(HeaderSourceKind.Dnf, asked, found: true), new StubSource(HeaderSourceKind.Url, asked, found: false),
            new StubSource(HeaderSourceKind.Apt, asked, found: true)], NullBuildLog.Instance);

        var (plan, attempts) = await resolver.ResolveAsync(Target(), "kmodforge/base-tuxos:9-amd64", CancellationToken.None);

        Assert.Equal([HeaderSourceKind.Url, HeaderSourceKind.Dnf], asked);
        Assert.Equal(HeaderSourceKind.Dnf, plan.Source);
        Assert.Equal(2, attempts.Count);
    }

    [Fact]
    public void The_base_image_plan_uses_its_dockerfile_version_argument_and_FROM_image_and_no_bootstrap()
    {
        var plan = BaseImageBuildPlan.For(TuxOS, TuxOS.GetVersion("9"), Architecture.Aarch64, "/repo");

        Assert.Equal("kmodforge/base-tuxos:9-arm64", plan.Tag);
        Assert.Equal("/repo/docker/Dockerfile.base.tuxos", plan.Dockerfile);
        Assert.Equal("registry.example/tuxos:9", plan.FromImage);
        Assert.Equal(new Dictionary<string, string> { ["TUXOS_VERSION"] = "9" }, plan.BuildArgs(null));
        Assert.Equal(BaseImageBootstrap.None, TuxOS.Bootstrap);
        Assert.False(TuxOS.AptBackports);
        Assert.Null(TuxOS.Koji);
    }

    [Fact]
    public void The_crawler_maps_its_targets_and_reads_its_markers()
    {
        var skips = new SkipSummary();
        var mapper = new CrawlerMapper(Architecture.X86_64, "v1.2.3", skips, Catalog);

        var mapped = Assert.Single(mapper.Map(new CrawlerEntry("tuxos", "6.6.1", "6.6.1-3.tux9.x86_64", "tux-cloud", ["https://mirror.example/kernel-tux-devel-6.6.1-3.tux9.x86_64.rpm"])));
        Assert.Same(TuxOS, mapped.Target.Distribution);
        Assert.Equal("9", mapped.Target.DistroVersion.Id);
        Assert.Equal(KernelSource.KernelCrawler, mapped.Source);

        // A release the pattern refuses still names its (unsupported) version through the entry's marker.
        Assert.Empty(mapper.Map(new CrawlerEntry("tuxos", "4.18.0", "4.18.0-1.tux7_3.x86_64", "tuxos", [])));
        Assert.Equal(1, skips[SkipReason.UnsupportedVersion]);
        Assert.Contains(skips.ByDetail.Keys, k => k.Detail == "tuxos 7");

        Assert.Empty(new CrawlerMapper(Architecture.X86_64, "v1.2.3", skips).Map(new CrawlerEntry("tuxos", "6.6.1", "6.6.1-3.tux9.x86_64", "tuxos", [])));
        Assert.Equal(1, skips[SkipReason.UnsupportedDistribution]);
    }

    private sealed class StubSource(HeaderSourceKind kind, List<HeaderSourceKind> asked, bool found) : IHeaderSource
    {
        public HeaderSourceKind Kind => kind;

        public Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
        {
            asked.Add(kind);
            return Task.FromResult(found
                ? HeaderSourceAnswer.Found(new HeaderPlan(kind, [KernelDevelPackage.For(target).Nvra], "true", "stub"), "kernel-tux-devel")
                : HeaderSourceAnswer.NotFound(kind, "kernel-tux-devel", "not here"));
        }
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+-\d+\.tux(?<v>\d+)\.(?:x86_64|aarch64)\z", RegexOptions.CultureInvariant)]
    private static partial Regex TuxRelease();

    [GeneratedRegex(@"\.tux(?<v>\d+)(?:_\d+)?\.", RegexOptions.CultureInvariant)]
    private static partial Regex TuxMarker();
}
