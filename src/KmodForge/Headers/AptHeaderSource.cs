using System.Text.RegularExpressions;
using KmodForge.Containers;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// Kernel headers from the distribution's apt repositories, asked inside the target's own base image so the answer
/// is the target suite's: Debian's main, -updates, -security and -backports (where the <c>+debNN</c> and <c>~bpoNN</c>
/// kernels live), Ubuntu's release pockets. The query follows the dependencies (Debian's <c>-common</c> and
/// <c>linux-kbuild-*</c>, Ubuntu's flavour common package) with a simulated install, so the plan names every package.
/// </summary>
public sealed partial class AptHeaderSource(IContainerEngine engine, AptSettings settings, string? network = null) : IHeaderSource
{
    public HeaderSourceKind Kind => HeaderSourceKind.Apt;

    public async Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var package = HeadersPackage(target);
        var asked = $"apt-cache show {package}, apt-get install --simulate in {baseImage}";
        var result = await QueryAsync(target, baseImage, QueryScript(target), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, $"no such package ({ContainerQuery.Why(result)})");
        }

        if (ParseQuery(result.StandardOutput) is not { } answer)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, $"apt answered no usable version: {Printable.Quote(result.StandardOutput.Trim())}");
        }

        return HeaderSourceAnswer.Found(Plan(target, answer), asked);
    }

    /// <summary>
    /// Resolves and installs in one container run, committed as <paramref name="layer"/> when the packages were found
    /// and installed (<see cref="ResolveAndInstallScript"/>): the plan comes from what dpkg installed. Not found: the
    /// same answer as <see cref="ResolveAsync"/> and no image. Found but the install failed: <see cref="ContainerEngineException"/>.
    /// </summary>
    public async Task<HeaderSourceAnswer> ResolveAndInstallAsync(BuildTarget target, string baseImage, ImageCommitRequest layer, CancellationToken cancellationToken)
    {
        var result = await engine.RunAndCommitAsync(new ContainerRunRequest(baseImage, ["sh", "-c", ResolveAndInstallScript(target)])
        {
            Platform = target.Architecture.OciPlatform(),
            Network = network,
        }, layer, cancellationToken).ConfigureAwait(false);
        return Interpret(target, baseImage, layer.Tag, result);
    }

    /// <summary>
    /// The same resolve and install as <see cref="ResolveAndInstallAsync"/>, run in a session container of the base
    /// image (<see cref="IContainerSessions"/>) that the build keeps for its compile and commits later as <paramref name="tag"/>.
    /// </summary>
    /// <param name="downloaded">Told once, when apt has downloaded the packages and starts dpkg (nothing after needs the network).</param>
    public async Task<HeaderSourceAnswer> ResolveAndInstallInAsync(
        IContainerSessions sessions, string container, BuildTarget target, string baseImage, string tag, Action? downloaded, CancellationToken cancellationToken)
    {
        var told = 0;
        var result = await sessions.ExecAsync(container, new ContainerExecRequest(["sh", "-c", ResolveAndInstallScript(target)])
        {
            OnOutputLine = line =>
            {
                if (downloaded is not null && line.EndsWith(DownloadedMarker, StringComparison.Ordinal) && Interlocked.Exchange(ref told, 1) == 0)
                {
                    downloaded();
                }
            },
        }, cancellationToken).ConfigureAwait(false);
        return Interpret(target, baseImage, tag, result);
    }

    /// <summary>What apt's <c>DPkg::Pre-Invoke</c> hook prints in the one-run install: the downloads are done.</summary>
    internal const string DownloadedMarker = "kmodforge: downloaded";

    /// <summary>
    /// The one-run script, the steps a person would type and nothing more: <c>apt-get update</c>, then
    /// <c>apt-get install</c> of the headers package by its exact name (apt's <c>?exact-name</c> pattern: a name apt
    /// does not know is never taken as a regex), with no separate query. apt says <see cref="DownloadedMarker"/> on
    /// stderr before dpkg runs. The plan is read afterwards from dpkg: the headers package's version, then every package
    /// the install added or changed (dpkg's list before and after). A package apt does not know is told from a failed
    /// install by <c>apt-cache show</c>, only when nothing was installed. Then apt's lists and package cache are removed
    /// (the layer keeps the headers, not the 170 MB of apt's downloads and indexes).
    /// </summary>
    internal string ResolveAndInstallScript(BuildTarget target)
    {
        var package = HeadersPackage(target);
        const string before = "/tmp/kmodforge-dpkg-before";
        return SourcesSetup(target)
            + $"{Update} >/dev/null || exit $?; "
            + $"{InstalledPackages} > {before} || exit $?; "
            + $"echo '{InstallingMarker}'; "
            + OnlyTargetArchitecture(target)
            + WithoutInitramfs($"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o 'DPkg::Pre-Invoke::=echo {DownloadedMarker}' '?exact-name({package})' >&2")
            + $"; rc=$?; rm -f {ArchitectureFilter}; "
            + $"if ! dpkg-query -W -f '${{db:Status-Status}}' {package} 2>/dev/null | grep -qx installed; then "
            + $"{KnownPackage(package)} || {{ echo 'E: Unable to locate package {package}' >&2; echo '{NotFoundMarker}'; exit 100; }}; "
            + "[ $rc = 0 ] && exit 1 || exit $rc; fi; "
            + "[ $rc = 0 ] || exit $rc; "
            + $"{CleanApt} && test -d {target.Distribution.KernelBuildDirectory(target.KernelRelease)} || exit $?; "
            + $"echo '{InstalledMarker}'; dpkg-query -W -f '${{Version}}\\n' {package}; "
            + $"{InstalledPackages} | grep -vxFf {before} | sed -n 's/^installed //p'; rm -f {before}";
    }

    /// <summary>
    /// Shell that makes dpkg leave out every other architecture's directory of the kernel's build trees during the
    /// install (<c>path-exclude</c> of <c>/usr/src/linux-headers-*/arch/*</c>, <c>path-include</c> of the target's
    /// kbuild architecture): Debian's and Ubuntu's common headers package carries <c>arch/</c> for all thirteen, and
    /// kbuild reads only <c>arch/$(SRCARCH)</c>. For a bookworm amd64 kernel that is 3,080 files of 15,913 fewer to
    /// unpack and commit. The filter is removed right after the install; the packages' own lists still name the files.
    /// </summary>
    internal static string OnlyTargetArchitecture(BuildTarget target) =>
        $"printf '%s\\n' 'path-exclude=/usr/src/linux-headers-*/arch/*' 'path-include=/usr/src/linux-headers-*/arch/{target.Architecture.KbuildArch()}/*' > {ArchitectureFilter}; ";

    /// <summary>The dpkg configuration file of <see cref="OnlyTargetArchitecture"/>, there only during the install.</summary>
    internal const string ArchitectureFilter = "/etc/dpkg/dpkg.cfg.d/kmodforge-headers-arch";

    /// <summary>apt's list refresh, without the translated descriptions no build reads (about a third of the lists).</summary>
    internal const string Update = "apt-get update -qq -o Acquire::Languages=none";

    /// <summary>dpkg's installed packages, a line each: <c>installed name version</c> (other states say something else first).</summary>
    private const string InstalledPackages = "dpkg-query -W -f '${db:Status-Status} ${Package} ${Version}\\n'";

    /// <summary>Shell that succeeds when apt knows a package of exactly that name (its Package field, not a regex match).</summary>
    private static string KnownPackage(string package) =>
        $"apt-cache show --no-all-versions {package} 2>/dev/null | grep -qx 'Package: {package}'";

    /// <summary>Removes apt's lists, its package caches and the downloaded .debs: nothing a compile needs.</summary>
    internal const string CleanApt = "rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb";

    private HeaderSourceAnswer Interpret(BuildTarget target, string baseImage, string tag, ContainerRunResult result)
    {
        var package = HeadersPackage(target);
        var asked = $"apt-get install ?exact-name({package}) in {baseImage}";
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.TrimEntries);
        if (!lines.Contains(InstallingMarker) || lines.Contains(NotFoundMarker))
        {
            // apt's lists could not be read (no install tried), or apt knows no such package.
            return HeaderSourceAnswer.NotFound(Kind, asked, $"no such package ({ContainerQuery.Why(result)})");
        }

        var installed = Array.IndexOf(lines, InstalledMarker);
        if (result.ExitCode != 0 || installed < 0)
        {
            throw new ContainerEngineException(
                $"installing {package} in {baseImage} for {tag} failed with exit code {result.ExitCode}: {ContainerQuery.Why(result)}", result.ExitCode);
        }

        var plan = string.Join('\n', lines[(installed + 1)..]);
        return ParseQuery(plan) is { } answer
            ? HeaderSourceAnswer.Found(Plan(target, answer), asked)
            : HeaderSourceAnswer.NotFound(Kind, asked, $"dpkg answered no usable version: {Printable.Quote(plan.Trim())}");
    }

    /// <summary>The line the one-run script prints before the install (after it: apt knew its lists).</summary>
    internal const string InstallingMarker = "kmodforge: installing";

    /// <summary>The line the one-run script prints when apt knows no package of that name.</summary>
    internal const string NotFoundMarker = "kmodforge: not found";

    /// <summary>The line the one-run script prints after a good install, before the plan (version, then "name version" lines).</summary>
    internal const string InstalledMarker = "kmodforge: installed";

    /// <summary>The plan of an answer: the version pinned, the packages it brings (by name: a query and dpkg list them in different orders).</summary>
    private HeaderPlan Plan(BuildTarget target, AptQueryAnswer answer)
    {
        var package = HeadersPackage(target);
        var pinned = $"{package}={answer.Version}";
        var brought = answer.Brought.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var packages = brought.Count == 0 ? [package] : brought.Select(p => p.Name).ToList();
        var description = brought.Count == 0
            ? $"apt: {package} {answer.Version} (already in the base image)"
            : "apt: " + string.Join(", ", brought.Select(p => $"{p.Name} {p.Version}"));
        var install = $"{SourcesSetup(target)}{Update} && {WithoutInitramfs($"DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {pinned}")} && {CleanApt} && test -d {target.Distribution.KernelBuildDirectory(target.KernelRelease)}";
        return new HeaderPlan(Kind, packages, install, description);
    }

    /// <summary>
    /// The newest kernel release of the target's distro version, from its headers meta package (Debian's
    /// <c>linux-headers-amd64</c>, Ubuntu's <c>linux-headers-generic</c>) in its base image, with the same suites,
    /// extra sources and network as the header query; <paramref name="suite"/> (<c>bookworm-backports</c>), when
    /// given, is preferred (<c>latest-backports</c>). <paramref name="target"/>'s own release is not used.
    /// </summary>
    public async Task<string> ResolveLatestReleaseAsync(BuildTarget target, string baseImage, string? suite, CancellationToken cancellationToken)
    {
        var meta = target.Distribution.LatestHeadersMetaPackage
            ?? throw new InvalidOperationException($"{target.Distribution.Id} has no headers meta package to resolve the latest kernel from");
        var package = meta(target.Architecture);
        var prefer = suite is null ? string.Empty : $" -o APT::Default-Release={suite}";
        var result = await QueryAsync(target, baseImage,
            $"{SourcesSetup(target, backports: suite is not null)}{Update} >/dev/null && apt-cache show --no-all-versions{prefer} {package} | sed -n 's/^Depends: //p'",
            cancellationToken).ConfigureAwait(false);

        return result.ExitCode == 0 && ParseDepends(result.StandardOutput) is { } release
            ? release
            : throw new InvalidOperationException(
                $"could not resolve the latest {target.Distribution.Id} kernel{(suite is null ? string.Empty : " of " + suite)}: `apt-cache show {package}` in {baseImage} answered exit code {result.ExitCode}: {result.StandardError.Trim()}");
    }

    /// <summary>The kernel release in a meta package's Depends line: <c>linux-headers-6.1.0-41-amd64 (= 6.1.158-1)</c>.</summary>
    public static string? ParseDepends(string depends)
    {
        var m = HeadersDependency().Match(depends);
        return m.Success && InputRules.KernelRelease(m.Groups["release"].Value) is null ? m.Groups["release"].Value : null;
    }

    /// <summary>Runs one read-only apt query in the base image with this source's network and query timeout.</summary>
    private Task<ContainerRunResult> QueryAsync(BuildTarget target, string baseImage, string script, CancellationToken cancellationToken) =>
        ContainerQuery.RunAsync(engine, target.Architecture, baseImage, script, network, settings.QueryTimeout, cancellationToken);

    /// <summary>
    /// Runs an install with <c>update-initramfs</c> diverted to <c>true</c>, then restores it. Newer Debian headers
    /// packages (6.12 on, backports included) depend on the kernel image, whose install would build an initramfs no
    /// container build uses (about a minute, and disk-heavy); the image's files stay, only the hook is skipped.
    /// </summary>
    internal static string WithoutInitramfs(string install) =>
        "dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs && ln -sf /bin/true /usr/sbin/update-initramfs && "
        + install
        + " && rm -f /usr/sbin/update-initramfs && dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs";

    /// <summary>
    /// The query: refresh the lists, take the candidate version of the package with exactly that name (apt matches a
    /// name it does not know as a regex, so the answer is filtered by its Package field), then let apt resolve its dependencies (Debian's <c>-common</c> and
    /// <c>linux-kbuild-*</c>, Ubuntu's flavour common package, whatever its name) without installing anything.
    /// Prints the version, then one "name version" line per package the install brings.
    /// </summary>
    internal string QueryScript(BuildTarget target)
    {
        var package = HeadersPackage(target);
        return SourcesSetup(target)
            + $"{Update} >/dev/null || exit $?; "
            + $"v=$(apt-cache show --no-all-versions {package} 2>/dev/null | awk -v p={package} '$1==\"Package:\"{{m=($2==p)}} m&&$1==\"Version:\"{{print $2; exit}}'); "
            + $"[ -n \"$v\" ] || {{ echo 'E: Unable to locate package {package}' >&2; exit 100; }}; "
            + $"out=$(apt-get install --simulate -qq --no-install-recommends \"{package}=$v\") || exit $?; "
            + $"printf '%s\\n' \"$v\" \"$out\" | sed -n -e '1p' -e '{InstLines}'";
    }

    /// <summary>
    /// The sed expression that turns apt's simulation lines into "name version": <c>Inst name (version archive [arch])</c>,
    /// and <c>Inst name [installed] (version …)</c> for an upgrade.
    /// </summary>
    internal const string InstLines = """s/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1 \3/p""";

    /// <summary>The query's answer: the headers package's version (refused unless it is a Debian version) and the
    /// packages a simulated install brings (apt's <c>Inst</c> lines), or null.</summary>
    internal static AptQueryAnswer? ParseQuery(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !DebianVersion().IsMatch(lines[0]))
        {
            return null;
        }

        return new AptQueryAnswer(lines[0], [.. lines.Skip(1)
            .Select(line => line.Split(' '))
            .Where(parts => parts.Length == 2 && parts[0].Length > 0)
            .Select(parts => (parts[0], parts[1]))]);
    }

    internal sealed record AptQueryAnswer(string Version, IReadOnlyList<(string Name, string Version)> Brought);

    [GeneratedRegex(@"^(?:\d+:)?[0-9][A-Za-z0-9.+~-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianVersion();

    [GeneratedRegex(@"linux-headers-(?<release>\d[A-Za-z0-9._+~-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex HeadersDependency();

    /// <summary>The arch-specific headers package of a kernel release; apt pulls its dependencies.</summary>
    public static string HeadersPackage(BuildTarget target) => "linux-headers-" + target.KernelRelease;

    /// <summary>
    /// Shell that makes sure the suites the kernel may live in are enabled (Debian backports), or nothing. Backports
    /// is left out for a kernel of the distro version's own line (<see cref="Distribution.VersionShippingKernelLine"/>:
    /// bookworm's <c>6.1.0-57-amd64</c>, trixie's <c>6.12.*+deb13</c>), which lives in the version's own suites: apt
    /// then reads one index fewer. <paramref name="backports"/> overrides that (the latest kernel of a suite).
    /// The mirror comes from settings and is validated as an http(s) URL without shell characters, whether used or not.
    /// </summary>
    internal string SourcesSetup(BuildTarget target, bool? backports = null)
    {
        var extra = settings.ValidatedExtraSources();
        var setup = extra.Count == 0 ? string.Empty : $"printf '%s\\n' {string.Join(' ', extra.Select(l => $"'{l}'"))} > /etc/apt/sources.list.d/kmodforge-extra.list; ";
        if (!target.Distribution.AptBackports || target.DistroVersion.Codename is not { } codename)
        {
            return setup;
        }

        var mirror = settings.ValidatedDebianMirror();
        if (!(backports ?? NeedsBackports(target)))
        {
            return setup;
        }

        return setup + $"grep -rqs '{codename}-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ || echo 'deb {mirror} {codename}-backports main' > /etc/apt/sources.list.d/kmodforge-backports.list; ";
    }

    /// <summary>False for a kernel of the distro version's own kernel line: a backported kernel is always of a newer line.</summary>
    internal static bool NeedsBackports(BuildTarget target) =>
        target.Distribution.VersionShippingKernelLine(target.KernelRelease) != target.DistroVersion.Id;
}
