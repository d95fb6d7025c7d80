using KmodForge.Errors;
using KmodForge.Modules;

namespace KmodForge.Loader.Installing;

/// <summary>The package's modules cannot be ordered: their <c>depends</c> form a cycle.</summary>
public sealed class ModuleOrderException(string message) : KmodForgeException(message);

/// <summary>
/// The order a package of several modules loads in, from each module's <c>.modinfo</c> <c>depends</c>: the
/// dependencies that are not in the package (in-tree modules such as <c>videodev</c>, loaded first with the host's
/// modprobe), then the package's own modules, each after every module of the package it depends on. Ties keep the
/// package's order. Unloading goes the other way (<see cref="UnloadOrder"/>).
/// </summary>
/// <param name="External">Dependencies not in the package, in the order the package's modules first need them.</param>
/// <param name="Modules">The package's modules, dependencies first.</param>
public sealed record LoadOrder(IReadOnlyList<string> External, IReadOnlyList<ModuleInfo> Modules)
{
    /// <summary>The package's modules, dependents first: the order rmmod accepts.</summary>
    public IEnumerable<ModuleInfo> UnloadOrder => Modules.Reverse();

    /// <summary>The kernel treats '-' and '_' in module names as the same character.</summary>
    public static string Key(string moduleName) => moduleName.Replace('-', '_');

    /// <summary>Orders <paramref name="modules"/> (Kahn's algorithm, stable on the package order).</summary>
    /// <exception cref="ModuleOrderException">The package's modules depend on one another in a cycle.</exception>
    public static LoadOrder Plan(IReadOnlyList<ModuleInfo> modules)
    {
        var byKey = new Dictionary<string, ModuleInfo>(StringComparer.Ordinal);
        foreach (var module in modules)
        {
            if (!byKey.TryAdd(Key(module.Name), module))
            {
                throw new ModuleOrderException($"the package holds two modules named {Printable.Quote(module.Name)} ({Path.GetFileName(byKey[Key(module.Name)].Path)} and {Path.GetFileName(module.Path)}); a kernel loads one module per name");
            }
        }

        var external = new List<string>();
        var inPackage = modules.ToDictionary(m => m, m => m.Depends.Select(Key).Where(byKey.ContainsKey).Distinct().ToList());
        foreach (var dependency in modules.SelectMany(m => m.Depends).Where(d => !byKey.ContainsKey(Key(d))))
        {
            if (!external.Contains(dependency, StringComparer.Ordinal))
            {
                external.Add(dependency);
            }
        }

        var ordered = new List<ModuleInfo>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < modules.Count)
        {
            var next = modules.FirstOrDefault(m => !placed.Contains(Key(m.Name)) && inPackage[m].All(placed.Contains))
                ?? throw new ModuleOrderException(CycleMessage(modules.Where(m => !placed.Contains(Key(m.Name))).ToList(), inPackage, byKey));
            ordered.Add(next);
            placed.Add(Key(next.Name));
        }

        return new LoadOrder(external, ordered);
    }

    /// <summary>Names one cycle among the modules left over: follow a dependency until a module repeats.</summary>
    private static string CycleMessage(List<ModuleInfo> left, Dictionary<ModuleInfo, List<string>> dependencies, Dictionary<string, ModuleInfo> byKey)
    {
        var path = new List<ModuleInfo> { left[0] };
        while (true)
        {
            var next = byKey[dependencies[path[^1]].First(d => left.Contains(byKey[d]))];
            var seen = path.IndexOf(next);
            if (seen >= 0)
            {
                var cycle = path.Skip(seen).Append(next).Select(m => m.Name);
                return $"the package's modules depend on one another in a cycle ({string.Join(" → ", cycle)}, from their .modinfo depends); no order loads them, and the kernel would refuse it too: rebuild the driver without the cycle";
            }

            path.Add(next);
        }
    }
}
