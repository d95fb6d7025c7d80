using KmodForge.Errors;
using KmodForge.Modules;

namespace KmodForge.Loader.Installing;

/// <summary>A module a package needs is neither in the package nor in the host's module tree.</summary>
public sealed class MissingDependencyException(string message) : KmodForgeException(message);

/// <summary>
/// The host's own module tree for one kernel, <c>&lt;host-root&gt;/lib/modules/&lt;release&gt;</c> (or under
/// <c>usr/lib/modules</c>), as depmod indexed it: <c>modules.dep</c> lists the loadable modules,
/// <c>modules.builtin</c> those compiled into the kernel (nothing to load). The loader checks a package's outside
/// dependencies here before anything changes on the host, and points modprobe at the same tree.
/// </summary>
public sealed class HostModuleTree(string hostRoot, string kernelRelease)
{
    private readonly string? directory = new[] { "lib/modules", "usr/lib/modules" }
        .Select(p => Path.Combine(hostRoot, p, kernelRelease))
        .FirstOrDefault(d => File.Exists(Path.Combine(d, "modules.dep")));

    /// <summary>The modprobe arguments that load <paramref name="module"/> from this tree (<c>-d &lt;host-root&gt;</c> in a container).</summary>
    public IReadOnlyList<string> ModprobeArguments(string module) =>
        Path.GetFullPath(hostRoot) == "/" ? [module] : ["-d", hostRoot, module];

    /// <summary>
    /// Of <paramref name="dependencies"/> (modules the package needs and does not hold), those modprobe must load: the
    /// ones built into the kernel are left out. One not in the tree at all is an error naming the module that needs it.
    /// </summary>
    public IReadOnlyList<string> ToLoad(IReadOnlyList<string> dependencies, IReadOnlyList<ModuleInfo> packageModules)
    {
        if (dependencies.Count == 0)
        {
            return [];
        }

        if (directory is null)
        {
            throw new MissingDependencyException(
                $"the package's modules need {string.Join(", ", dependencies)}, which the package does not hold, and there is no module index (modules.dep) under {Path.Combine(hostRoot, "lib/modules", kernelRelease)}; "
                + $"in a container, mount the host's /lib/modules under --host-root ({Printable.Quote(hostRoot)})");
        }

        var loadable = Names(Path.Combine(directory, "modules.dep"), line => line.Split(':', 2)[0]);
        var builtin = Names(Path.Combine(directory, "modules.builtin"), line => line);
        var missing = dependencies.Where(d => !loadable.Contains(LoadOrder.Key(d)) && !builtin.Contains(LoadOrder.Key(d))).ToList();
        if (missing.Count > 0)
        {
            var needers = missing.Select(d => $"{d} (needed by {string.Join(", ", packageModules.Where(m => m.Depends.Contains(d)).Select(m => m.Name))})");
            throw new MissingDependencyException(
                $"the package's modules need {string.Join("; ", needers)}, which is neither in the package nor in the host's module tree {directory} (modules.dep, modules.builtin); "
                + "install the kernel's modules package that holds it, or build the driver with that option disabled");
        }

        return dependencies.Where(d => !builtin.Contains(LoadOrder.Key(d))).ToList();
    }

    /// <summary>Module names (normalized) of an index file: each line's path, without directory and .ko suffix.</summary>
    private static HashSet<string> Names(string file, Func<string, string> path) =>
        File.Exists(file)
            ? File.ReadLines(file).Where(l => l.Length > 0).Select(l => LoadOrder.Key(ModuleReader.NameFromPath(path(l).Trim()))).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
}
