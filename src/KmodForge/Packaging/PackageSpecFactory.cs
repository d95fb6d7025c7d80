using KmodForge.Errors;
using KmodForge.Modules;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>One module to install: its file, its directory under <c>/lib/modules/&lt;release&gt;</c> and its installed file name.</summary>
public sealed record ModuleInstall(string SourcePath, string Directory, string FileName);

/// <summary>
/// Plans the package of a driver's modules for one target: install layout, name, version, dependencies, depmod
/// scriptlets and metadata. Pure: it reads nothing but the module file names, so the same inputs give the same spec.
/// </summary>
public static class PackageSpecFactory
{
    /// <summary>Where depmod looks for out-of-tree modules (ahead of the kernel's own under its default search order).</summary>
    public const string ModuleDirectory = "extra";

    public const int ModuleMode = 0b110_100_100;

    /// <summary>The package of modules installed under <c>/lib/modules/&lt;release&gt;/extra</c> with their own file names.</summary>
    public static PackageSpec ForModules(string driverName, BuildTarget target, IReadOnlyList<string> koPaths, PackageMetadataSettings settings, long sourceDateEpoch) =>
        ForInstalls(driverName, target, [.. koPaths.Select(p => new ModuleInstall(p, ModuleDirectory, Path.GetFileName(p)))], settings, sourceDateEpoch);

    /// <summary>The package of modules each installed at its own place under <c>/lib/modules/&lt;release&gt;</c> (a dkms.conf's layout).</summary>
    public static PackageSpec ForInstalls(string driverName, BuildTarget target, IReadOnlyList<ModuleInstall> installs, PackageMetadataSettings settings, long sourceDateEpoch)
    {
        var name = PackageNaming.PackageName(driverName, target);
        if (installs.Count == 0)
        {
            throw new ArgumentException($"no kernel modules to package for {driverName} ({target})", nameof(installs));
        }

        var release = target.KernelRelease;
        var files = new List<PackageFile>();
        foreach (var (path, directory, fileName) in installs)
        {
            var moduleName = ModuleReader.NameFromPath(fileName);
            if (!IsModuleFileName(fileName, moduleName))
            {
                throw new ArgumentException(
                    $"module file {Printable.Quote(fileName)} is not accepted: expected <name>.ko (or .ko.xz, .ko.zst, .ko.gz) with a name of letters, digits, '_' and '-'",
                    nameof(installs));
            }

            var installPath = $"/lib/modules/{release}/{directory.Trim('/')}/{fileName}";
            PackageLayout.ValidateInstallPath(installPath);
            files.Add(new PackageFile(path, installPath, ModuleMode));
        }

        var duplicate = files.GroupBy(f => f.InstallPath, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two modules would both install as {duplicate.Key}: {string.Join(", ", duplicate.Select(f => f.SourcePath))}", nameof(installs));
        }

        var version = PackageNaming.PackageVersion(target.DriverVersion);
        var depmod = DepmodScript(release);
        return new PackageSpec
        {
            Name = name,
            Version = version,
            Release = settings.Release,
            Architecture = target.Architecture,
            KernelRelease = release,
            Summary = $"{driverName} kernel modules for Linux {release}",
            Description = string.IsNullOrWhiteSpace(settings.Description) ? DefaultDescription(driverName, target, Directories(installs)) : settings.Description,
            Maintainer = settings.Maintainer,
            Vendor = settings.Vendor,
            License = settings.License,
            Homepage = string.IsNullOrWhiteSpace(settings.Homepage) ? null : settings.Homepage,
            Depends = target.Distribution.KernelDependency(release) is { } kernel ? [kernel] : [],
            Provides = [Provides(target.Format, driverName, version, settings.Release)],
            Files = files.OrderBy(f => f.InstallPath, StringComparer.Ordinal).ToList(),
            PostInstall = depmod,
            PostRemove = depmod,
            SourceDateEpoch = sourceDateEpoch,
        };
    }

    /// <summary>
    /// Rebuilds the module dependency list of the package's kernel. Guarded: a missing depmod (a minimal container) or a
    /// kernel directory already gone (the last module removed) is not an error.
    /// </summary>
    public static string DepmodScript(string kernelRelease) =>
        $"""
        if command -v depmod >/dev/null 2>&1 && [ -d /lib/modules/{kernelRelease} ]; then
            depmod -a {kernelRelease}
        fi
        """;

    private static string Directories(IReadOnlyList<ModuleInstall> installs) =>
        string.Join(", ", installs.Select(i => i.Directory.Trim('/')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string DefaultDescription(string driverName, BuildTarget target, string directories) =>
        $"""
        Out-of-tree kernel modules of {driverName} {target.DriverVersion}, built for Linux {target.KernelRelease}
        on {target.Distribution.DisplayName} {target.DistroVersion.Id} ({target.Architecture.KernelName()}).

        The modules are installed under /lib/modules/{target.KernelRelease}/{directories}; depmod runs after
        install and removal.
        """;

    /// <summary>A virtual package every build of the driver provides, versioned in the format's syntax.</summary>
    private static string Provides(PackageFormat format, string driverName, string version, string release) => format switch
    {
        PackageFormat.Deb => $"{driverName}-kmod (= {version}-{release})",
        PackageFormat.Rpm => $"{driverName}-kmod = {version}-{release}",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static bool IsModuleFileName(string fileName, string moduleName) =>
        moduleName.Length is > 0 and <= 56 && moduleName.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
        && new[] { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" }.Any(suffix => fileName == moduleName + suffix);
}
